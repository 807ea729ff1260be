using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sluice.Auth;

namespace Sluice.Tests.Auth;

public class UnsignedPayloadTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static (RequestAuthenticator, HttpRequest, AuthResult) UnsignedTrailerRequest(string body, string? decodedLength = "9")
    {
        var message = new HttpRequestMessage(HttpMethod.Put, "http://localhost:9000/b1/k");
        message.Headers.TryAddWithoutValidation("x-amz-trailer", "x-amz-checksum-crc32");
        if (decodedLength is not null)
            message.Headers.TryAddWithoutValidation("x-amz-decoded-content-length", decodedLength);
        message.Headers.TryAddWithoutValidation("x-amz-sdk-checksum-algorithm", "CRC32");
        SigV4Signer.Sign(message, "AKID", "SECRET", "us-east-1", "s3", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", Now);
        var request = TestRequests.FromMessage(message, Encoding.ASCII.GetBytes(body));
        request.Headers.ContentEncoding = "aws-chunked";
        request.ContentLength = null;
        var authenticator = TestRequests.Authenticator(Now, "AKID", "SECRET");
        return (authenticator, request, authenticator.Authenticate(request));
    }

    [Theory]
    [InlineData("9\r\nhello cli\r\n0\r\nx-amz-checksum-crc32:pn638Q==\r\n\r\n")] // captured from boto3, CLI v1 and JS v3
    [InlineData("9\r\nhello cli\r\n0\r\nx-amz-checksum-crc32:pn638Q==\r\n")]
    [InlineData("9\r\nhello cli\r\n0\r\nx-amz-checksum-crc32:pn638Q==")]
    [InlineData("9;ext=1;other\r\nhello cli\r\n0;done\r\nx-amz-checksum-crc32: pn638Q== \r\n\r\n")]
    [InlineData("4\r\nhell\r\n5\r\no cli\r\n0\r\nX-Amz-Checksum-CRC32:pn638Q==\r\n\r\n")]
    public async Task OpenPayload_UnsignedTrailer_DecodesBodyAndTrailer(string body)
    {
        var (authenticator, request, auth) = UnsignedTrailerRequest(body);
        Assert.True(auth.Succeeded, auth.Failure?.CanonicalRequest);
        Assert.Equal(PayloadSigning.StreamingUnsignedTrailer, auth.Payload);

        await using var payload = authenticator.OpenPayload(request, auth);

        Assert.Equal("hello cli", Encoding.ASCII.GetString(await AwsChunkedBodies.ReadAllAsync(payload, 3)));
        Assert.Equal(9, payload.DeclaredLength);
        Assert.Equal("pn638Q==", payload.Trailers["x-amz-checksum-crc32"]);
    }

    [Fact]
    public async Task OpenPayload_UnsignedTrailerEmptyBody_DecodesTrailer()
    {
        var (authenticator, request, auth) = UnsignedTrailerRequest("0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", "0");

        await using var payload = authenticator.OpenPayload(request, auth);

        Assert.Empty(await AwsChunkedBodies.ReadAllAsync(payload, 16));
        Assert.Equal("AAAAAA==", payload.Trailers["x-amz-checksum-crc32"]);
    }

    [Theory]
    [InlineData("9\r\nhello")]
    [InlineData("9\r\nhello cli\r\n")]
    [InlineData("9\r\nhello cli\r\n4\r\nmore\r\n0\r\n\r\n")]
    [InlineData("")]
    public async Task OpenPayload_UnsignedTrailerTruncatedOrWrongLength_IncompleteBody(string body)
    {
        var (authenticator, request, auth) = UnsignedTrailerRequest(body);

        await using var payload = authenticator.OpenPayload(request, auth);

        Assert.Equal("IncompleteBody", (await Assert.ThrowsAsync<PayloadException>(() => AwsChunkedBodies.ReadAllAsync(payload, 64))).Failure.Code);
    }

    [Theory]
    [InlineData("zz\r\nhello cli\r\n0\r\n\r\n")]
    [InlineData("9\r\nhello cli!!\r\n0\r\n\r\n")]
    public async Task OpenPayload_MalformedFraming_InvalidRequest(string body)
    {
        var (authenticator, request, auth) = UnsignedTrailerRequest(body, decodedLength: null);

        await using var payload = authenticator.OpenPayload(request, auth);

        Assert.Equal("InvalidRequest", (await Assert.ThrowsAsync<PayloadException>(() => AwsChunkedBodies.ReadAllAsync(payload, 64))).Failure.Code);
    }

    [Fact]
    public async Task OpenPayload_Sha256BodyMatches_ReadsBody()
    {
        var body = Encoding.ASCII.GetBytes("exact body");
        var (authenticator, request, auth) = Sha256Request(body, body);

        await using var payload = authenticator.OpenPayload(request, auth);

        Assert.Equal(body, await AwsChunkedBodies.ReadAllAsync(payload, 4));
        Assert.Equal(body.Length, payload.DeclaredLength);
    }

    [Fact]
    public async Task OpenPayload_Sha256BodyDiffers_XAmzContentSha256Mismatch()
    {
        var (authenticator, request, auth) = Sha256Request(Encoding.ASCII.GetBytes("exact body"), Encoding.ASCII.GetBytes("other body"));
        Assert.True(auth.Succeeded);

        await using var payload = authenticator.OpenPayload(request, auth);
        var error = await Assert.ThrowsAsync<PayloadException>(() => AwsChunkedBodies.ReadAllAsync(payload, 4));

        Assert.Equal((400, "XAmzContentSHA256Mismatch"), (error.Failure.StatusCode, error.Failure.Code));
    }

    [Fact]
    public async Task OpenPayload_UnsignedPayload_PassesBodyThrough()
    {
        var message = new HttpRequestMessage(HttpMethod.Put, "http://localhost:9000/b1/k");
        SigV4Signer.Sign(message, "AKID", "SECRET", "us-east-1", "s3", "UNSIGNED-PAYLOAD", Now);
        var request = TestRequests.FromMessage(message, [1, 2, 3]);
        var authenticator = TestRequests.Authenticator(Now, "AKID", "SECRET");

        await using var payload = authenticator.OpenPayload(request, authenticator.Authenticate(request));

        Assert.Equal([1, 2, 3], await AwsChunkedBodies.ReadAllAsync(payload, 2));
    }

    [Fact]
    public void OpenPayload_FailedAuthentication_Throws()
    {
        var request = TestRequests.Create("PUT", "/b1/k", [("Authorization", "AWS4-HMAC-SHA256 nonsense")]);
        var authenticator = TestRequests.Authenticator(Now);

        Assert.Throws<ArgumentException>(() => authenticator.OpenPayload(request, authenticator.Authenticate(request)));
    }

    private static (RequestAuthenticator, HttpRequest, AuthResult) Sha256Request(byte[] signedBody, byte[] sentBody)
    {
        var message = new HttpRequestMessage(HttpMethod.Put, "http://localhost:9000/b1/k");
        SigV4Signer.Sign(message, "AKID", "SECRET", "us-east-1", "s3", Convert.ToHexStringLower(SHA256.HashData(signedBody)), Now);
        var request = TestRequests.FromMessage(message, sentBody);
        var authenticator = TestRequests.Authenticator(Now, "AKID", "SECRET");
        return (authenticator, request, authenticator.Authenticate(request));
    }
}
