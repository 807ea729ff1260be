using Sluice.Auth;

namespace Sluice.Tests.Auth;

// The presigned GET from the AWS S3 API reference, "Authenticating Requests: Using Query Parameters".
public class SigV4PresignedTests
{
    private const string ExampleUrl =
        "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
        "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z" +
        "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
        "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

    private static readonly DateTimeOffset ExampleTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    private static Microsoft.AspNetCore.Http.HttpRequest Request(string url)
    {
        var uri = new Uri(url);
        return TestRequests.Create("GET", uri.PathAndQuery, [("Host", uri.Authority)]);
    }

    [Fact]
    public void Presign_AwsExample_ProducesThePublishedUrl()
    {
        var url = SigV4Signer.Presign("GET", new Uri("https://examplebucket.s3.amazonaws.com/test.txt"),
            TestRequests.ExampleAccessKey, TestRequests.ExampleSecretKey, "us-east-1", "s3", TimeSpan.FromDays(1), ExampleTime);

        Assert.Equal(ExampleUrl, url);
    }

    [Fact]
    public void Authenticate_AwsPresignedExampleWithinExpiry_SucceedsUnsigned()
    {
        var result = TestRequests.Authenticator(ExampleTime.AddHours(23)).Authenticate(Request(ExampleUrl));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal((PayloadSigning.Unsigned, "s3"), (result.Payload, result.Service));
    }

    [Fact]
    public void Authenticate_AwsPresignedExampleAfterExpiry_AccessDeniedRequestHasExpired()
    {
        var failure = TestRequests.Authenticator(ExampleTime.AddDays(1).AddSeconds(1)).Authenticate(Request(ExampleUrl)).Failure;

        Assert.Equal((403, "AccessDenied", "Request has expired"), (failure?.StatusCode, failure?.Code, failure?.Message));
    }

    [Fact]
    public void Authenticate_PresignedFromTheFuture_AccessDenied()
    {
        var failure = TestRequests.Authenticator(ExampleTime.AddMinutes(-20)).Authenticate(Request(ExampleUrl)).Failure;

        Assert.Equal((403, "AccessDenied"), (failure?.StatusCode, failure?.Code));
    }

    [Fact]
    public void Authenticate_PresignedWithTamperedPath_SignatureDoesNotMatch()
    {
        var failure = TestRequests.Authenticator(ExampleTime).Authenticate(Request(ExampleUrl.Replace("/test.txt", "/other.txt"))).Failure;

        Assert.Equal("SignatureDoesNotMatch", failure?.Code);
    }

    [Fact]
    public void Authenticate_PresignedWithAddedParameter_SignatureDoesNotMatch()
    {
        var failure = TestRequests.Authenticator(ExampleTime).Authenticate(Request(ExampleUrl + "&versionId=1")).Failure;

        Assert.Equal("SignatureDoesNotMatch", failure?.Code);
    }

    [Theory]
    [InlineData("604801")]
    [InlineData("0")]
    [InlineData("soon")]
    public void Authenticate_PresignedExpiresOutOfRange_AuthorizationQueryParametersError(string expires)
    {
        var failure = TestRequests.Authenticator(ExampleTime).Authenticate(Request(ExampleUrl.Replace("X-Amz-Expires=86400", "X-Amz-Expires=" + expires))).Failure;

        Assert.Equal((400, "AuthorizationQueryParametersError"), (failure?.StatusCode, failure?.Code));
    }

    [Fact]
    public void Authenticate_PresignedMissingSignedHeaders_AuthorizationQueryParametersError()
    {
        var failure = TestRequests.Authenticator(ExampleTime).Authenticate(Request(ExampleUrl.Replace("&X-Amz-SignedHeaders=host", ""))).Failure;

        Assert.Equal("AuthorizationQueryParametersError", failure?.Code);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000/photos/dir/a b+c~d.txt?versionId=3&response-content-type=text%2Fplain", "s3")]
    [InlineData("http://localhost:9000/bucket/%E2%82%AC%20euro.txt", "s3")]
    [InlineData("http://localhost:9000/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af", "lambda")]
    public void Authenticate_OurPresignedUrl_RoundTrips(string url, string service)
    {
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var presigned = SigV4Signer.Presign("GET", new Uri(url), "AKID", "SECRET", "eu-west-2", service, TimeSpan.FromMinutes(10), now);

        var result = TestRequests.Authenticator(now.AddMinutes(9), "AKID", "SECRET").Authenticate(Request(presigned));

        Assert.True(result.Succeeded, result.Failure?.CanonicalRequest);
        Assert.Equal((service, "eu-west-2"), (result.Service, result.Region));
    }
}
