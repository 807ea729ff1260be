using Sluice.Auth;

namespace Sluice.Tests.Auth;

// Expected signatures from botocore 1.43.11 (boto3 generate_presigned_url and HmacV1Auth) with a fixed
// clock at 1800000000 (2027-01-15T08:00:00Z); the s3cmd-style one computed with python's hmac.
public class SigV2Tests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1800000000);

    private static AuthResult Authenticate(string method, string url, DateTimeOffset now, params (string, string)[] headers)
    {
        var uri = new Uri(url);
        var request = TestRequests.Create(method, uri.PathAndQuery, [("Host", uri.Authority), .. headers]);
        return TestRequests.Authenticator(now, AccessKey, SecretKey).Authenticate(request);
    }

    [Theory]
    [InlineData("GET", "http://localhost:9000/b1/dir/a%20b%2Bc.txt?versionId=v1&response-content-type=text%2Fplain&AWSAccessKeyId=AKIDEXAMPLE&Signature=9rscco0B5tx7Uu9pWe0hg4HuMdg%3D&Expires=1800000600")]
    [InlineData("PUT", "http://localhost:9000/b1/up.txt?AWSAccessKeyId=AKIDEXAMPLE&Signature=H1oWNTa308m4oaYSgniMRBrc%2Bss%3D&content-type=text%2Fplain&Expires=1800000600")]
    [InlineData("PUT", "http://localhost:9000/b1/big?uploadId=abc%2Fdef%3D&partNumber=2&AWSAccessKeyId=AKIDEXAMPLE&Signature=5NZN0RWiKieVGjeNNwim%2FtG%2B338%3D&Expires=1800000600")]
    [InlineData("GET", "http://localhost:9000/b1/k.txt?AWSAccessKeyId=AKIDEXAMPLE&Signature=it6rO7BxM5s1hffZ0aZgGrJ4QZY%3D&Expires=1800000600")]
    [InlineData("GET", "http://b1.s3.local.test:9000/k.txt?AWSAccessKeyId=AKIDEXAMPLE&Signature=it6rO7BxM5s1hffZ0aZgGrJ4QZY%3D&Expires=1800000600")]
    public void Authenticate_Boto3PresignedUrl_Succeeds(string method, string url)
    {
        var result = Authenticate(method, url, SignedAt.AddMinutes(5));

        Assert.True(result.Succeeded, result.Failure?.StringToSign);
        Assert.Equal((AccessKey, "s3", "us-east-1", PayloadSigning.Unsigned), (result.AccessKeyId, result.Service, result.Region, result.Payload));
    }

    [Fact]
    public void Authenticate_PresignedUrlAfterExpires_AccessDeniedRequestHasExpired()
    {
        var failure = Authenticate("GET", "http://localhost:9000/b1/k.txt?AWSAccessKeyId=AKIDEXAMPLE&Signature=it6rO7BxM5s1hffZ0aZgGrJ4QZY%3D&Expires=1800000600",
            SignedAt.AddSeconds(601)).Failure;

        Assert.Equal((403, "AccessDenied", "Request has expired"), (failure?.StatusCode, failure?.Code, failure?.Message));
    }

    [Theory]
    [InlineData("GET", "http://localhost:9000/b1/other.txt?AWSAccessKeyId=AKIDEXAMPLE&Signature=it6rO7BxM5s1hffZ0aZgGrJ4QZY%3D&Expires=1800000600")]
    [InlineData("GET", "http://localhost:9000/b1/k.txt?AWSAccessKeyId=AKIDEXAMPLE&Signature=it6rO7BxM5s1hffZ0aZgGrJ4QZY%3D&Expires=1800000601")]
    [InlineData("DELETE", "http://localhost:9000/b1/k.txt?AWSAccessKeyId=AKIDEXAMPLE&Signature=it6rO7BxM5s1hffZ0aZgGrJ4QZY%3D&Expires=1800000600")]
    [InlineData("GET", "http://localhost:9000/b1/k.txt?versionId=2&AWSAccessKeyId=AKIDEXAMPLE&Signature=it6rO7BxM5s1hffZ0aZgGrJ4QZY%3D&Expires=1800000600")]
    public void Authenticate_TamperedPresignedUrl_SignatureDoesNotMatch(string method, string url)
    {
        var failure = Authenticate(method, url, SignedAt).Failure;

        Assert.Equal((403, "SignatureDoesNotMatch"), (failure?.StatusCode, failure?.Code));
    }

    [Fact]
    public void Authenticate_PresignedUrlMissingExpires_AccessDenied()
    {
        Assert.Equal("AccessDenied", Authenticate("GET", "http://localhost:9000/b1/k.txt?AWSAccessKeyId=AKIDEXAMPLE&Signature=abc", SignedAt).Failure?.Code);
    }

    [Fact]
    public void Authenticate_PresignedUrlUnknownKey_InvalidAccessKeyId()
    {
        Assert.Equal("InvalidAccessKeyId", Authenticate("GET",
            "http://localhost:9000/b1/k.txt?AWSAccessKeyId=SOMEONE&Signature=it6rO7BxM5s1hffZ0aZgGrJ4QZY%3D&Expires=1800000600", SignedAt).Failure?.Code);
    }

    private static readonly (string, string)[] BotocoreHeaders =
    [
        ("Content-Type", "text/plain"),
        ("Content-MD5", "nhB9nTcrtoJr2B01QqQZ1g=="),
        ("x-amz-meta-Colour", "blue"),
        ("X-Amz-Acl", "private"),
        ("Date", "Fri, 15 Jan 2027 08:00:00 GMT"),
        ("Authorization", "AWS AKIDEXAMPLE:bFb7RpkMjpwxoPOTM98PIlx4Hj0="),
    ];

    [Fact]
    public void Authenticate_BotocoreHmacV1Header_Succeeds()
    {
        var result = Authenticate("PUT", "http://localhost:9000/b1/dir/a%20b.txt?acl&x-id=PutObjectAcl", SignedAt.AddMinutes(1), BotocoreHeaders);

        Assert.True(result.Succeeded, result.Failure?.StringToSign);
    }

    [Fact]
    public void Authenticate_HmacV1HeaderWithChangedAmzHeader_SignatureDoesNotMatch()
    {
        var headers = BotocoreHeaders.Select(h => h.Item1 == "X-Amz-Acl" ? (h.Item1, "public-read") : h).ToArray();

        Assert.Equal("SignatureDoesNotMatch", Authenticate("PUT", "http://localhost:9000/b1/dir/a%20b.txt?acl&x-id=PutObjectAcl", SignedAt, headers).Failure?.Code);
    }

    [Fact]
    public void Authenticate_HmacV1HeaderSkewed_RequestTimeTooSkewed()
    {
        Assert.Equal("RequestTimeTooSkewed",
            Authenticate("PUT", "http://localhost:9000/b1/dir/a%20b.txt?acl&x-id=PutObjectAcl", SignedAt.AddMinutes(16), BotocoreHeaders).Failure?.Code);
    }

    [Fact]
    public void Authenticate_S3cmdStyleHeaderWithAmzDate_Succeeds()
    {
        var result = Authenticate("GET", "http://localhost:9000/b1/k.txt", SignedAt,
            ("x-amz-date", "Fri, 15 Jan 2027 08:00:00 +0000"), ("Authorization", "AWS AKIDEXAMPLE:JfPvOolfUP1i0gSIi8PBgMfsF+E="));

        Assert.True(result.Succeeded, result.Failure?.StringToSign);
    }

    [Fact]
    public void Authenticate_HmacV1BucketRequestSignedWithTrailingSlash_Succeeds()
    {
        // botocore sends "POST /b1?delete" but signs the resource "/b1/?delete".
        var result = Authenticate("POST", "http://localhost:9000/b1?delete", SignedAt,
            ("Date", "Fri, 15 Jan 2027 08:00:00 GMT"), ("Authorization", "AWS AKIDEXAMPLE:m8r58qjyYDGd38vRSm2XKb+I7P8="));

        Assert.True(result.Succeeded, result.Failure?.StringToSign);
    }

    [Fact]
    public void Authenticate_RcloneHeaderWithUtcZoneDate_Succeeds()
    {
        var result = Authenticate("GET", "http://localhost:9000/b1/k.txt", SignedAt,
            ("Date", "Fri, 15 Jan 2027 08:00:00 UTC"), ("Authorization", "AWS AKIDEXAMPLE:aK4XK0/jNQ7qklx9m0D/8gq05ig="));

        Assert.True(result.Succeeded, result.Failure?.StringToSign);
    }

    [Fact]
    public void Authenticate_RcloneEmptySubresourceSignedWithoutEquals_Succeeds()
    {
        // rclone sends "?uploads=" and signs "?uploads".
        var result = Authenticate("POST", "http://localhost:9000/b1/big.bin?uploads=", SignedAt,
            ("Content-Type", "application/octet-stream"), ("Date", "Fri, 15 Jan 2027 08:00:00 UTC"), ("Authorization", "AWS AKIDEXAMPLE:vNLZSEfzo+qOPVq4bpFB4zkSJkg="));

        Assert.True(result.Succeeded, result.Failure?.StringToSign);
    }

    [Fact]
    public void Authenticate_MalformedV2Header_InvalidArgument()
    {
        Assert.Equal("InvalidArgument", Authenticate("GET", "http://localhost:9000/b1/k.txt", SignedAt,
            ("Date", "Fri, 15 Jan 2027 08:00:00 GMT"), ("Authorization", "AWS AKIDEXAMPLE")).Failure?.Code);
    }
}
