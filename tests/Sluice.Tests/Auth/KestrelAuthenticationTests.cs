using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sluice.Auth;

namespace Sluice.Tests.Auth;

/// <summary>
/// The authenticator behind a real Kestrel on loopback: raw request targets, HTTP chunked transfer under
/// aws-chunked, and Kestrel's refusal of synchronous body reads.
/// </summary>
public sealed class KestrelAuthenticationTests : IAsyncLifetime
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    // The time botocore signed the Lambda request below at; every other request is signed "now" too.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 5, 21, 49, TimeSpan.Zero));
    private WebApplication? _app;
    private HttpClient _client = new();
    private Uri _baseAddress = new("http://127.0.0.1/");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        var authenticator = new RequestAuthenticator(TestRequests.Credentials(AccessKey, SecretKey), _time);
        _app.Run(context => Handle(context, authenticator));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _baseAddress = new Uri(address + "/");
        _client = new HttpClient { BaseAddress = _baseAddress };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }

    // Answers "<decoded length> <sha256 of decoded body> <trailers>" or "<status> <error code>".
    private static async Task Handle(HttpContext context, RequestAuthenticator authenticator)
    {
        var auth = context.Request.Headers.ContainsKey("x-test-sync")
            ? authenticator.Authenticate(context.Request)
            : await authenticator.AuthenticateAsync(context.Request);
        if (!auth.Succeeded)
        {
            context.Response.StatusCode = auth.Failure.StatusCode;
            await context.Response.WriteAsync(auth.Failure.Code);
            return;
        }
        try
        {
            await using var payload = authenticator.OpenPayload(context.Request, auth);
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await payload.ReadAsync(buffer)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
                total += read;
            }
            var trailers = string.Join(",", payload.Trailers.Select(t => $"{t.Key}={t.Value}"));
            await context.Response.WriteAsync($"{total} {Convert.ToHexStringLower(sha256.GetHashAndReset())} {trailers}");
        }
        catch (PayloadException e)
        {
            context.Response.StatusCode = e.Failure.StatusCode;
            await context.Response.WriteAsync(e.Failure.Code);
        }
    }

    private static string Describe(byte[] data, string trailers = "") =>
        $"{data.Length} {Convert.ToHexStringLower(SHA256.HashData(data))} {trailers}";

    [Theory]
    [InlineData("b1/dir/a%20b%2Bc.txt")]
    [InlineData("b1/with%2Fslash%252F%25.txt")]
    [InlineData("b1/%E2%82%AC/%21%27%28%29%2A.txt?x-id=PutObject")]
    public async Task Put_SignedSha256BodyWithAwkwardKey_Accepted(string target)
    {
        var body = Encoding.UTF8.GetBytes("awkward key body");
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_baseAddress, target)) { Content = new ByteArrayContent(body) };
        SigV4Signer.Sign(request, AccessKey, SecretKey, "us-east-1", "s3", Convert.ToHexStringLower(SHA256.HashData(body)), _time.GetUtcNow());

        var response = await _client.SendAsync(request);

        Assert.Equal(Describe(body), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Put_BodyNotMatchingSignedSha256_XAmzContentSha256Mismatch()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_baseAddress, "b1/k")) { Content = new ByteArrayContent([1, 2, 3]) };
        SigV4Signer.Sign(request, AccessKey, SecretKey, "us-east-1", "s3", Convert.ToHexStringLower(SHA256.HashData([1, 2, 4])), _time.GetUtcNow());

        var response = await _client.SendAsync(request);

        Assert.Equal((HttpStatusCode.BadRequest, "XAmzContentSHA256Mismatch"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Put_StreamingOverHttpChunkedTransfer_Decoded(bool signed)
    {
        var data = new byte[3 * (1 << 20) + 5];
        Random.Shared.NextBytes(data);
        var now = _time.GetUtcNow();
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_baseAddress, "b1/big.bin"));
        request.Headers.TryAddWithoutValidation("x-amz-decoded-content-length", data.Length.ToString());
        request.Headers.TryAddWithoutValidation("x-amz-trailer", "x-amz-checksum-crc32");
        var contentSha256 = signed ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" : "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
        SigV4Signer.Sign(request, AccessKey, SecretKey, "us-east-1", "s3", contentSha256, now);
        var signing = !signed ? null : new ChunkSigningContext(
            SigV4.SigningKey(SecretKey, now.ToString("yyyyMMdd"), "us-east-1", "s3"), SigV4.FormatTimestamp(now),
            SigV4.Scope(now.ToString("yyyyMMdd"), "us-east-1", "s3"), request.Headers.GetValues("Authorization").Single().Split("Signature=")[1]);
        var body = AwsChunkedBodies.Encode(data, 1 << 20, signing, [("x-amz-checksum-crc32", "AAAAAA==")]);
        // A non-seekable stream without a length makes HttpClient use Transfer-Encoding: chunked, as the SDKs do.
        request.Content = new StreamContent(new NonSeekableStream(body));
        request.Content.Headers.ContentEncoding.Add("aws-chunked");

        var response = await _client.SendAsync(request);

        Assert.Equal(Describe(data, "x-amz-checksum-crc32=AAAAAA=="), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_BotocoreLambdaInvokeWithoutContentSha256_BodyHashedSyncOrAsync(bool synchronous)
    {
        var body = Encoding.ASCII.GetBytes("{\"a\":1}");
        var request = new HttpRequestMessage(HttpMethod.Post,
            new Uri(_baseAddress, "2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Amy-fn/invocations"))
        {
            Content = new ByteArrayContent(body),
        };
        request.Headers.Host = "localhost:4566";
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20261127T052149Z");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/lambda/aws4_request, " +
            "SignedHeaders=content-type;host;x-amz-date, Signature=ce1ef6c8989cd060eac00e054fc0ccd1887625a54b02fa0b52f8504ebada4c6c");
        if (synchronous)
            request.Headers.Add("x-test-sync", "1");

        var response = await _client.SendAsync(request);

        Assert.Equal(Describe(body), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_PresignedSigV4_Accepted()
    {
        var url = SigV4Signer.Presign("GET", new Uri(_baseAddress, "b1/a%20b.txt?versionId=1"), AccessKey, SecretKey, "us-east-1", "s3",
            TimeSpan.FromMinutes(5), _time.GetUtcNow());

        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
