using System.Text;
using Microsoft.AspNetCore.Http;
using Sluice.Auth;

namespace Sluice.Tests.Auth;

// The signed example is the chunked PUT from the AWS S3 API reference ("Transferring payload in multiple
// chunks"): 66560 bytes of 'a' in chunks of 65536 and 1024, with its published seed and chunk signatures.
public class AwsChunkedPayloadTests
{
    private const string SeedSignature = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private const string Chunk1Signature = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
    private const string Chunk2Signature = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
    private const string FinalSignature = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";
    private static readonly DateTimeOffset ExampleTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    private static byte[] ExampleBody(string chunk2Signature = Chunk2Signature, byte corruptAt2 = 0)
    {
        var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes($"10000;chunk-signature={Chunk1Signature}\r\n"));
        body.Write(Enumerable.Repeat((byte)'a', 65536).ToArray());
        body.Write(Encoding.ASCII.GetBytes($"\r\n400;chunk-signature={chunk2Signature}\r\n"));
        var chunk2 = Enumerable.Repeat((byte)'a', 1024).ToArray();
        if (corruptAt2 != 0)
            chunk2[100] = corruptAt2;
        body.Write(chunk2);
        body.Write(Encoding.ASCII.GetBytes($"\r\n0;chunk-signature={FinalSignature}\r\n\r\n"));
        return body.ToArray();
    }

    private static (RequestAuthenticator Authenticator, HttpRequest Request, AuthResult Auth) ExampleRequest(byte[] body, string decodedLength = "66560")
    {
        var request = TestRequests.Create("PUT", "/examplebucket/chunkObject.txt",
        [
            ("Host", "s3.amazonaws.com"),
            ("x-amz-date", "20130524T000000Z"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
                "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class," +
                $"Signature={SeedSignature}"),
            ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
            ("Content-Encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", decodedLength),
            ("Content-Length", "66824"),
        ], body);
        var authenticator = TestRequests.Authenticator(ExampleTime);
        return (authenticator, request, authenticator.Authenticate(request));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(65536)]
    [InlineData(1 << 20)]
    public async Task OpenPayload_AwsSignedChunkedExample_DecodesAndVerifies(int readSize)
    {
        var (authenticator, request, auth) = ExampleRequest(ExampleBody());
        Assert.True(auth.Succeeded, auth.Failure?.CanonicalRequest);
        Assert.Equal(PayloadSigning.StreamingSigned, auth.Payload);

        await using var payload = authenticator.OpenPayload(request, auth);
        var data = await AwsChunkedBodies.ReadAllAsync(payload, readSize);

        Assert.Equal(66560, payload.DeclaredLength);
        Assert.Equal(66560, data.Length);
        Assert.All(data, b => Assert.Equal((byte)'a', b));
        Assert.Empty(payload.Trailers);
    }

    [Fact]
    public void OpenPayload_AwsSignedChunkedExampleReadSynchronously_DecodesAndVerifies()
    {
        var (authenticator, request, auth) = ExampleRequest(ExampleBody());

        using var payload = authenticator.OpenPayload(request, auth);

        Assert.Equal(66560, AwsChunkedBodies.ReadAll(payload, 1000).Length);
    }

    [Fact]
    public async Task OpenPayload_CorruptedChunkData_SignatureDoesNotMatch()
    {
        var (authenticator, request, auth) = ExampleRequest(ExampleBody(corruptAt2: (byte)'b'));

        await using var payload = authenticator.OpenPayload(request, auth);
        var error = await Assert.ThrowsAsync<PayloadException>(() => AwsChunkedBodies.ReadAllAsync(payload, 8192));

        Assert.Equal((403, "SignatureDoesNotMatch"), (error.Failure.StatusCode, error.Failure.Code));
    }

    [Fact]
    public async Task OpenPayload_ChunkSignatureNotChainedFromPrevious_SignatureDoesNotMatch()
    {
        var (authenticator, request, auth) = ExampleRequest(ExampleBody(chunk2Signature: Chunk1Signature));

        await using var payload = authenticator.OpenPayload(request, auth);

        Assert.Equal("SignatureDoesNotMatch", (await Assert.ThrowsAsync<PayloadException>(() => AwsChunkedBodies.ReadAllAsync(payload, 8192))).Failure.Code);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(65600)]
    [InlineData(66700)]
    public async Task OpenPayload_TruncatedSignedBody_IncompleteBody(int keep)
    {
        var (authenticator, request, auth) = ExampleRequest(ExampleBody()[..keep]);

        await using var payload = authenticator.OpenPayload(request, auth);

        Assert.Equal("IncompleteBody", (await Assert.ThrowsAsync<PayloadException>(() => AwsChunkedBodies.ReadAllAsync(payload, 8192))).Failure.Code);
    }

    [Fact]
    public async Task OpenPayload_DecodedLengthDiffersFromHeader_IncompleteBody()
    {
        // The declared length is signed, so sign a fresh request declaring one byte more than is sent.
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var data = Encoding.ASCII.GetBytes("hello world");
        var (authenticator, request, auth) = SignedStreamingRequest(now, data, chunkSize: 4, declaredLength: data.Length + 1);

        await using var payload = authenticator.OpenPayload(request, auth);

        Assert.Equal("IncompleteBody", (await Assert.ThrowsAsync<PayloadException>(() => AwsChunkedBodies.ReadAllAsync(payload, 64))).Failure.Code);
    }

    [Theory]
    [InlineData(1 << 20, 3 * (1 << 20) + 17)]
    [InlineData(64 << 10, 200_000)]
    [InlineData(8192, 0)]
    public async Task OpenPayload_OurSignedStreamingUpload_RoundTrips(int chunkSize, int length)
    {
        var data = new byte[length];
        Random.Shared.NextBytes(data);
        var (authenticator, request, auth) = SignedStreamingRequest(DateTimeOffset.UnixEpoch.AddYears(56), data, chunkSize, data.Length);
        Assert.True(auth.Succeeded, auth.Failure?.CanonicalRequest);

        await using var payload = authenticator.OpenPayload(request, auth);

        Assert.Equal(data, await AwsChunkedBodies.ReadAllAsync(payload, 81920));
    }

    [Fact]
    public async Task OpenPayload_SignedTrailerFromAwsCrtVector_VerifiesTrailerSignature()
    {
        // aws-crt's chunk-signer test continues the AWS example with trailers first/second/third and
        // publishes the trailer signature df5735bd….
        var signing = new ChunkSigningContext(
            SigV4.SigningKey(TestRequests.ExampleSecretKey, "20130524", "us-east-1", "s3"), "20130524T000000Z",
            "20130524/us-east-1/s3/aws4_request", SeedSignature);
        var body = ExampleBody()[..^2].Concat(Encoding.ASCII.GetBytes(
            "first:1st\r\nsecond:2nd\r\nthird:3rd\r\n" +
            "x-amz-trailer-signature:df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c\r\n\r\n")).ToArray();

        await using var payload = new AwsChunkedPayloadStream(new MemoryStream(body), 66560, signing, hasTrailer: true);

        Assert.Equal(66560, (await AwsChunkedBodies.ReadAllAsync(payload, 4096)).Length);
        Assert.Equal(new Dictionary<string, string> { ["first"] = "1st", ["second"] = "2nd", ["third"] = "3rd" }, payload.Trailers);
    }

    [Fact]
    public async Task OpenPayload_SignedTrailerTampered_SignatureDoesNotMatch()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var data = Encoding.ASCII.GetBytes("hello trailer");
        var (authenticator, request, auth) = SignedStreamingRequest(now, data, 8, data.Length,
            trailers: [("x-amz-checksum-crc32", "AAAAAA==")], tamper: body => Encoding.ASCII.GetBytes(
                Encoding.ASCII.GetString(body).Replace("AAAAAA==", "BBBBBB==")));
        Assert.Equal(PayloadSigning.StreamingSignedTrailer, auth.Payload);

        await using var payload = authenticator.OpenPayload(request, auth);

        Assert.Equal("SignatureDoesNotMatch", (await Assert.ThrowsAsync<PayloadException>(() => AwsChunkedBodies.ReadAllAsync(payload, 64))).Failure.Code);
    }

    [Fact]
    public async Task OpenPayload_OurSignedTrailer_RoundTrips()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var data = Encoding.ASCII.GetBytes("hello trailer");
        var (authenticator, request, auth) = SignedStreamingRequest(now, data, 8, data.Length, trailers: [("x-amz-checksum-crc32", "AAAAAA==")]);

        await using var payload = authenticator.OpenPayload(request, auth);

        Assert.Equal(data, await AwsChunkedBodies.ReadAllAsync(payload, 64));
        Assert.Equal("AAAAAA==", payload.Trailers["x-amz-checksum-crc32"]);
    }

    private static (RequestAuthenticator, HttpRequest, AuthResult) SignedStreamingRequest(
        DateTimeOffset now, byte[] data, int chunkSize, long declaredLength,
        (string, string)[]? trailers = null, Func<byte[], byte[]>? tamper = null)
    {
        var contentSha256 = trailers is null ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" : "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
        var message = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:9000/b1/big.bin");
        message.Headers.TryAddWithoutValidation("x-amz-decoded-content-length", declaredLength.ToString());
        if (trailers is not null)
            message.Headers.TryAddWithoutValidation("x-amz-trailer", "x-amz-checksum-crc32");
        SigV4Signer.Sign(message, "AKID", "SECRET", "us-east-1", "s3", contentSha256, now);
        var seed = message.Headers.GetValues("Authorization").Single().Split("Signature=")[1];
        var signing = new ChunkSigningContext(SigV4.SigningKey("SECRET", now.ToString("yyyyMMdd"), "us-east-1", "s3"),
            SigV4.FormatTimestamp(now), SigV4.Scope(now.ToString("yyyyMMdd"), "us-east-1", "s3"), seed);
        var body = AwsChunkedBodies.Encode(data, chunkSize, signing, trailers);
        var request = TestRequests.FromMessage(message, tamper is null ? body : tamper(body));
        var authenticator = TestRequests.Authenticator(now, "AKID", "SECRET");
        return (authenticator, request, authenticator.Authenticate(request));
    }
}
