using Microsoft.AspNetCore.Http;
using Sluice.Auth;
using Sluice.Gateway;

namespace Sluice.Tests.Gateway;

public sealed class ProtocolTableTests
{
    private const string Credential = "Credential=test/20261202/us-east-1/{0}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";

    private static readonly NamedProtocol S3 = new("s3");
    private static readonly NamedProtocol Lambda = new("lambda");
    private static readonly NamedProtocol Events = new("events");
    private static readonly NamedProtocol Sqs = new("sqs");
    private static readonly NamedProtocol Unserved = new("unserved");
    private static readonly ProtocolTable Table = new(S3, Lambda, Events, Sqs, Unserved);

    public static TheoryData<string, string, string, string?, string?, string?, string> Cases => new()
    {
        // method, path, query, X-Amz-Target, credential-scope service, content type, expected protocol
        { "GET", "/", "", null, "s3", null, "s3" },
        { "PUT", "/photos/cat.jpg", "", null, "s3", "image/jpeg", "s3" },
        { "GET", "/photos/cat.jpg", "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20261202%2Fus-east-1%2Fs3%2Faws4_request", null, null, null, "s3" },
        { "GET", "/photos", "?list-type=2", null, null, null, "s3" },
        { "POST", "/photos", "?delete", null, "s3", "application/x-www-form-urlencoded", "s3" },
        { "POST", "/photos", "", null, null, "multipart/form-data; boundary=x", "s3" },
        { "GET", "/2015-03-31/functions", "", null, "lambda", null, "lambda" },
        { "GET", "/2015-03-31/functions", "", null, null, null, "lambda" },
        { "GET", "/2015-03-31/functions/f/sluice-logs", "", null, "s3", null, "lambda" },
        { "GET", "/not-a-lambda-path", "", null, "lambda", null, "lambda" },
        { "GET", "/_sluice/events", "?bucket=photos", null, "s3", null, "events" },
        { "POST", "/", "", "AmazonSQS.ListQueues", "sqs", "application/x-amz-json-1.0", "sqs" },
        { "POST", "/", "", "AmazonSQS.SendMessage", null, "application/x-amz-json-1.0", "sqs" },
        { "POST", "/", "", null, "sqs", "application/x-www-form-urlencoded", "sqs" },
        { "POST", "/000000000000/jobs", "?Action=SendMessage", null, null, null, "sqs" },
        { "GET", "/000000000000/jobs.fifo", "?Action=ReceiveMessage", null, null, null, "sqs" },
        { "POST", "/", "", "AWSEvents.ListRules", "events", "application/x-amz-json-1.1", "unserved" },
        { "POST", "/", "", "DynamoDB_20120810.ListTables", "dynamodb", "application/x-amz-json-1.0", "unserved" },
        { "POST", "/", "", null, "sns", "application/x-www-form-urlencoded; charset=utf-8", "unserved" },
        { "POST", "/", "", null, "sts", "application/x-www-form-urlencoded", "unserved" },
        { "POST", "/", "", null, null, "application/x-www-form-urlencoded", "unserved" },
        { "GET", "/", "?Action=ListTopics&Version=2010-03-31", null, null, null, "unserved" },
        { "GET", "/photos", "", null, "sns", null, "unserved" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Select_RequestSignals_PicksProtocolInDesignOrder(
        string method, string path, string query, string? target, string? scope, string? contentType, string expected)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.Path = path;
        request.QueryString = new QueryString(query.Length == 0 ? null : query);
        if (target is not null) request.Headers["X-Amz-Target"] = target;
        if (scope is not null) request.Headers.Authorization = "AWS4-HMAC-SHA256 " + string.Format(Credential, scope);
        if (contentType is not null) request.ContentType = contentType;

        Assert.Equal(expected, ((NamedProtocol)Table.Select(request)).Name);
    }

    [Fact]
    public void Select_SigV2Header_GoesToS3()
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "GET";
        request.Path = "/photos";
        request.Headers.Authorization = "AWS test:c2lnbmF0dXJl";

        Assert.Same(S3, Table.Select(request));
    }

    private sealed record NamedProtocol(string Name) : IEdgeProtocol
    {
        public bool AllowsAnonymous(HttpRequest request) => false;
        public Task HandleAsync(HttpContext context, AuthResult auth) => Task.CompletedTask;
        public Task WriteAuthFailureAsync(HttpContext context, AuthFailure failure) => Task.CompletedTask;
        public Task WriteInternalErrorAsync(HttpContext context) => Task.CompletedTask;
    }
}
