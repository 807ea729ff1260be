using System.Text;
using Sluice.Auth;

namespace Sluice.Tests.Auth;

// Request values and signatures from the AWS S3 API reference, "Signature calculations for the
// Authorization header", and from botocore 1.43.11 signing the same requests as the AWS CLI does.
public class SigV4HeaderTests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static readonly DateTimeOffset ExampleTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    private static List<(string, string)> GetObjectHeaders(string signature = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41") =>
    [
        ("Host", "examplebucket.s3.amazonaws.com"),
        ("Range", "bytes=0-9"),
        ("x-amz-content-sha256", EmptySha256),
        ("x-amz-date", "20130524T000000Z"),
        ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
            $"SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature={signature}"),
    ];

    [Fact]
    public void Authenticate_AwsGetObjectExample_Succeeds()
    {
        var result = TestRequests.Authenticator(ExampleTime).Authenticate(TestRequests.Create("GET", "/test.txt", GetObjectHeaders()));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.False(result.IsAnonymous);
        Assert.Equal(("AKIAIOSFODNN7EXAMPLE", "s3", "us-east-1"), (result.AccessKeyId, result.Service, result.Region));
        Assert.Equal(PayloadSigning.Sha256, result.Payload);
        Assert.Equal(EmptySha256, result.DeclaredSha256Hex);
    }

    [Theory]
    [InlineData("/test%24file.text")]
    [InlineData("/test$file.text")]
    public void Authenticate_AwsPutObjectExample_SucceedsWhetherOrNotTheClientEscapedTheDollar(string rawPath)
    {
        const string bodySha256 = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
        var request = TestRequests.Create("PUT", rawPath,
        [
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
            ("x-amz-date", "20130524T000000Z"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("x-amz-content-sha256", bodySha256),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
                "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class," +
                "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
        ], Encoding.ASCII.GetBytes("Welcome to Amazon S3."));

        var result = TestRequests.Authenticator(ExampleTime).Authenticate(request);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(bodySha256, result.DeclaredSha256Hex);
    }

    [Theory]
    [InlineData("/?max-keys=2&prefix=J", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")]
    [InlineData("/?prefix=J&max-keys=2", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")]
    [InlineData("/?lifecycle", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")]
    public void Authenticate_AwsBucketExamplesWithQuery_Succeeds(string rawTarget, string signature)
    {
        var request = TestRequests.Create("GET", rawTarget,
        [
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("x-amz-content-sha256", EmptySha256),
            ("x-amz-date", "20130524T000000Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
                $"SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature={signature}"),
        ]);

        Assert.True(TestRequests.Authenticator(ExampleTime).Authenticate(request).Succeeded);
    }

    [Fact]
    public void Authenticate_TamperedHeader_SignatureDoesNotMatch()
    {
        var headers = GetObjectHeaders();
        headers[1] = ("Range", "bytes=0-99");

        var result = TestRequests.Authenticator(ExampleTime).Authenticate(TestRequests.Create("GET", "/test.txt", headers));

        Assert.False(result.Succeeded);
        Assert.Equal((403, "SignatureDoesNotMatch"), (result.Failure.StatusCode, result.Failure.Code));
        Assert.Contains("range:bytes=0-99", result.Failure.CanonicalRequest);
    }

    [Fact]
    public void Authenticate_TamperedPath_SignatureDoesNotMatch()
    {
        var result = TestRequests.Authenticator(ExampleTime).Authenticate(TestRequests.Create("GET", "/test.txt2", GetObjectHeaders()));

        Assert.Equal("SignatureDoesNotMatch", result.Failure?.Code);
    }

    [Fact]
    public void Authenticate_WrongSecret_SignatureDoesNotMatch()
    {
        var authenticator = TestRequests.Authenticator(ExampleTime, secretKey: "another-secret");

        Assert.Equal("SignatureDoesNotMatch", authenticator.Authenticate(TestRequests.Create("GET", "/test.txt", GetObjectHeaders())).Failure?.Code);
    }

    [Fact]
    public void Authenticate_UnknownAccessKey_InvalidAccessKeyId()
    {
        var authenticator = TestRequests.Authenticator(ExampleTime, accessKey: "SOMEONEELSE");

        var failure = authenticator.Authenticate(TestRequests.Create("GET", "/test.txt", GetObjectHeaders())).Failure;

        Assert.Equal((403, "InvalidAccessKeyId"), (failure?.StatusCode, failure?.Code));
    }

    [Theory]
    [InlineData(-16)]
    [InlineData(16)]
    public void Authenticate_ClockSkewOverFifteenMinutes_RequestTimeTooSkewed(int minutes)
    {
        var authenticator = TestRequests.Authenticator(ExampleTime.AddMinutes(minutes));

        var failure = authenticator.Authenticate(TestRequests.Create("GET", "/test.txt", GetObjectHeaders())).Failure;

        Assert.Equal((403, "RequestTimeTooSkewed"), (failure?.StatusCode, failure?.Code));
    }

    [Theory]
    [InlineData(-14)]
    [InlineData(14)]
    public void Authenticate_ClockSkewWithinFifteenMinutes_Succeeds(int minutes)
    {
        var authenticator = TestRequests.Authenticator(ExampleTime.AddMinutes(minutes));

        Assert.True(authenticator.Authenticate(TestRequests.Create("GET", "/test.txt", GetObjectHeaders())).Succeeded);
    }

    [Fact]
    public void Authenticate_S3WithoutContentSha256_InvalidRequest()
    {
        var headers = GetObjectHeaders().Where(h => h.Item1 != "x-amz-content-sha256").ToList();

        var failure = TestRequests.Authenticator(ExampleTime).Authenticate(TestRequests.Create("GET", "/test.txt", headers)).Failure;

        Assert.Equal((400, "InvalidRequest"), (failure?.StatusCode, failure?.Code));
    }

    [Fact]
    public void Authenticate_GarbageContentSha256_InvalidArgument()
    {
        var headers = GetObjectHeaders();
        headers[2] = ("x-amz-content-sha256", "not-a-hash");

        Assert.Equal("InvalidArgument", TestRequests.Authenticator(ExampleTime).Authenticate(TestRequests.Create("GET", "/test.txt", headers)).Failure?.Code);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3,SignedHeaders=host,Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130525/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/2013052a/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request/x,SignedHeaders=host,Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=/20130524/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524//s3/aws4_request,SignedHeaders=host,Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;;date,Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credentials=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=abc")]
    public void Authenticate_MalformedAuthorization_AuthorizationHeaderMalformed(string authorization)
    {
        var headers = GetObjectHeaders();
        headers[4] = ("Authorization", authorization);

        var failure = TestRequests.Authenticator(ExampleTime).Authenticate(TestRequests.Create("GET", "/test.txt", headers)).Failure;

        Assert.Equal((400, "AuthorizationHeaderMalformed"), (failure?.StatusCode, failure?.Code));
    }

    [Fact]
    public void Authenticate_SigV4a_NotImplemented()
    {
        var headers = GetObjectHeaders();
        headers[4] = ("Authorization", "AWS4-ECDSA-P256-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/s3/aws4_request, SignedHeaders=host, Signature=00");

        var failure = TestRequests.Authenticator(ExampleTime).Authenticate(TestRequests.Create("GET", "/test.txt", headers)).Failure;

        Assert.Equal((501, "NotImplemented"), (failure?.StatusCode, failure?.Code));
    }

    [Fact]
    public void Authenticate_NoDate_AccessDenied()
    {
        var headers = GetObjectHeaders().Where(h => h.Item1 != "x-amz-date").ToList();

        var failure = TestRequests.Authenticator(ExampleTime).Authenticate(TestRequests.Create("GET", "/test.txt", headers)).Failure;

        Assert.Equal((403, "AccessDenied"), (failure?.StatusCode, failure?.Code));
    }

    [Fact]
    public void Authenticate_NoCredentials_AnonymousAccessDenied()
    {
        var result = TestRequests.Authenticator(ExampleTime).Authenticate(TestRequests.Create("GET", "/b1/k", [("Host", "localhost")]));

        Assert.True(result.IsAnonymous);
        Assert.False(result.Succeeded);
        Assert.Equal((403, "AccessDenied"), (result.Failure.StatusCode, result.Failure.Code));
        Assert.Null(result.AccessKeyId);
    }

    [Fact]
    public void Authenticate_AnonymousStreamingUpload_ReportsItsFraming()
    {
        var result = TestRequests.Authenticator(ExampleTime).Authenticate(TestRequests.Create("PUT", "/b1/k",
            [("Host", "localhost"), ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")]));

        Assert.True(result.IsAnonymous);
        Assert.Equal(PayloadSigning.StreamingUnsignedTrailer, result.Payload);
    }

    [Fact]
    public void Authenticate_HeaderAndQueryAuthTogether_InvalidArgument()
    {
        var request = TestRequests.Create("GET", "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256", GetObjectHeaders());

        Assert.Equal("InvalidArgument", TestRequests.Authenticator(ExampleTime).Authenticate(request).Failure?.Code);
    }

    [Fact]
    public void Authenticate_BotocoreS3PutWithEscapedKeyAndQuery_Succeeds()
    {
        var request = TestRequests.Create("PUT", "/b1/dir/a%20b%2Bc.txt?x-id=PutObject",
        [
            ("Host", "localhost:4566"),
            ("Content-Type", "text/plain"),
            ("X-Amz-Date", "20261127T052149Z"),
            ("X-Amz-Content-SHA256", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/eu-west-1/s3/aws4_request, " +
                "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, " +
                "Signature=cee64e79c0c7f7daf0e8e12bd9d53cfd1dcc3181df246f98c2de34f5ca9ea9a4"),
        ], Encoding.ASCII.GetBytes("hello"));
        var authenticator = TestRequests.Authenticator(new DateTimeOffset(2026, 11, 27, 5, 21, 49, TimeSpan.Zero),
            "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

        var result = authenticator.Authenticate(request);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal("eu-west-1", result.Region);
    }

    [Fact]
    public async Task AuthenticateAsync_BotocoreLambdaInvokeWithoutContentSha256_HashesBodyAndEncodesPathTwice()
    {
        var body = Encoding.ASCII.GetBytes("{\"a\":1}");
        var request = TestRequests.Create("POST",
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Amy-fn/invocations",
        [
            ("Host", "localhost:4566"),
            ("Content-Type", "application/json"),
            ("X-Amz-Date", "20261127T052149Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/lambda/aws4_request, " +
                "SignedHeaders=content-type;host;x-amz-date, " +
                "Signature=ce1ef6c8989cd060eac00e054fc0ccd1887625a54b02fa0b52f8504ebada4c6c"),
        ], body);
        var authenticator = TestRequests.Authenticator(new DateTimeOffset(2026, 11, 27, 5, 21, 49, TimeSpan.Zero),
            "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

        var result = await authenticator.AuthenticateAsync(request);

        Assert.True(result.Succeeded, result.Failure?.CanonicalRequest);
        Assert.Equal(("lambda", PayloadSigning.Sha256), (result.Service, result.Payload));
        Assert.Equal(0, request.Body.Position);
        Assert.Equal(body, new BinaryReader(request.Body).ReadBytes(100));
    }

    [Fact]
    public void Authenticate_LambdaInvokeWithTamperedBody_SignatureDoesNotMatch()
    {
        var request = TestRequests.Create("POST",
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Amy-fn/invocations",
        [
            ("Host", "localhost:4566"),
            ("Content-Type", "application/json"),
            ("X-Amz-Date", "20261127T052149Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/lambda/aws4_request, " +
                "SignedHeaders=content-type;host;x-amz-date, " +
                "Signature=ce1ef6c8989cd060eac00e054fc0ccd1887625a54b02fa0b52f8504ebada4c6c"),
        ], Encoding.ASCII.GetBytes("{\"a\":2}"));
        var authenticator = TestRequests.Authenticator(new DateTimeOffset(2026, 11, 27, 5, 21, 49, TimeSpan.Zero),
            "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

        Assert.Equal("SignatureDoesNotMatch", authenticator.Authenticate(request).Failure?.Code);
    }
}
