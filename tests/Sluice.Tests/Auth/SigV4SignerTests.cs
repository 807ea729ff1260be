using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Sluice.Auth;

namespace Sluice.Tests.Auth;

public class SigV4SignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public void Sign_AwsGetObjectExampleRequest_VerifierAcceptsWithExampleScope()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://examplebucket.s3.amazonaws.com/test.txt");
        request.Headers.Range = new RangeHeaderValue(0, 9);

        SigV4Signer.Sign(request, TestRequests.ExampleAccessKey, TestRequests.ExampleSecretKey, "us-east-1", "s3",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero));

        // The published example also signs Range, which this signer leaves out, so its signature differs.
        var result = TestRequests.Authenticator(new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero))
            .Authenticate(TestRequests.FromMessage(request));
        Assert.True(result.Succeeded, result.Failure?.CanonicalRequest);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=",
            request.Headers.GetValues("Authorization").Single());
    }

    [Theory]
    [InlineData("http://localhost:9000/b1/dir/a%20b%2Bc.txt?x-id=PutObject", "s3")]
    [InlineData("http://localhost:9000/b1/?delete=", "s3")]
    [InlineData("http://localhost:9000/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A0%3Afunction%3Af/invocations", "lambda")]
    [InlineData("http://localhost:9000/", "sqs")]
    public void Sign_PutWithBody_VerifierAccepts(string url, string service)
    {
        var body = Encoding.UTF8.GetBytes("{\"hello\":\"world\"}");
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("x-amz-meta-colour", "  dark   blue ");

        SigV4Signer.Sign(request, "AKID", "SECRET", "us-east-1", service, Convert.ToHexStringLower(SHA256.HashData(body)), Now);

        var result = TestRequests.Authenticator(Now, "AKID", "SECRET").Authenticate(TestRequests.FromMessage(request, body));
        Assert.True(result.Succeeded, result.Failure?.CanonicalRequest);
        Assert.Equal(PayloadSigning.Sha256, result.Payload);
    }

    [Fact]
    public void Sign_UnsignedPayload_VerifierReportsUnsigned()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9000/b1/k");

        SigV4Signer.Sign(request, "AKID", "SECRET", "us-east-1", "s3", "UNSIGNED-PAYLOAD", Now);

        var result = TestRequests.Authenticator(Now, "AKID", "SECRET").Authenticate(TestRequests.FromMessage(request));
        Assert.True(result.Succeeded);
        Assert.Equal(PayloadSigning.Unsigned, result.Payload);
        Assert.Null(result.DeclaredSha256Hex);
    }

    [Fact]
    public void Sign_Twice_ReplacesEarlierSignature()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9000/b1/k");

        SigV4Signer.Sign(request, "AKID", "SECRET", "us-east-1", "s3", "UNSIGNED-PAYLOAD", Now.AddDays(-1));
        SigV4Signer.Sign(request, "AKID", "SECRET", "us-east-1", "s3", "UNSIGNED-PAYLOAD", Now);

        Assert.Single(request.Headers.GetValues("Authorization"));
        Assert.True(TestRequests.Authenticator(Now, "AKID", "SECRET").Authenticate(TestRequests.FromMessage(request)).Succeeded);
    }
}
