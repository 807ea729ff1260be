using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Sluice.Auth;
using Sluice.Gateway;

namespace Sluice.Tests.Gateway;

public sealed class ErrorWriterTests
{
    [Fact]
    public async Task AwsJsonErrorWriter_Error_CarriesTypeHeaderAndRequestContentType()
    {
        var context = Context("POST", contentType: "application/x-amz-json-1.1");

        await AwsJsonErrorWriter.WriteAsync(context, 400, "UnknownOperationException", "no such thing");

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", context.Response.ContentType);
        Assert.Equal("UnknownOperationException", context.Response.Headers["x-amzn-ErrorType"].ToString());
        Assert.Equal(RequestIds.Of(context), context.Response.Headers["x-amzn-RequestId"].ToString());
        using var body = JsonDocument.Parse(Body(context));
        Assert.Equal("UnknownOperationException", body.RootElement.GetProperty("__type").GetString());
        Assert.Equal("no such thing", body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AwsQueryErrorWriter_ClientError_IsSenderErrorResponse()
    {
        var context = Context("POST", contentType: "application/x-www-form-urlencoded");

        await AwsQueryErrorWriter.WriteAsync(context, 400, "InvalidAction", "not here");

        var error = XDocument.Parse(Body(context)).Root!;
        Assert.Equal("ErrorResponse", error.Name.LocalName);
        Assert.Equal("Sender", error.Element("Error")!.Element("Type")!.Value);
        Assert.Equal("InvalidAction", error.Element("Error")!.Element("Code")!.Value);
        Assert.Equal("not here", error.Element("Error")!.Element("Message")!.Value);
        Assert.Equal(RequestIds.Of(context), error.Element("RequestId")!.Value);
    }

    [Fact]
    public async Task AwsQueryErrorWriter_ServerError_IsReceiver()
    {
        var context = Context("POST", contentType: "application/x-www-form-urlencoded");

        await AwsQueryErrorWriter.WriteAsync(context, 500, "InternalFailure", "oops");

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("Receiver", XDocument.Parse(Body(context)).Root!.Element("Error")!.Element("Type")!.Value);
    }

    [Fact]
    public async Task Unserved_FormWithAction_AnswersInvalidActionNamingIt()
    {
        var context = Context("POST", contentType: "application/x-www-form-urlencoded", body: "Action=ListTopics&Version=2010-03-31");

        await new UnservedProtocol().HandleAsync(context, Anonymous());

        Assert.Equal(400, context.Response.StatusCode);
        var error = XDocument.Parse(Body(context)).Root!.Element("Error")!;
        Assert.Equal("InvalidAction", error.Element("Code")!.Value);
        Assert.Contains("ListTopics", error.Element("Message")!.Value);
    }

    [Fact]
    public async Task Unserved_JsonTarget_AnswersUnknownOperationNamingIt()
    {
        var context = Context("POST", contentType: "application/x-amz-json-1.0");
        context.Request.Headers["X-Amz-Target"] = "AmazonSQS.ListQueues";

        await new UnservedProtocol().HandleAsync(context, Anonymous());

        Assert.Equal(400, context.Response.StatusCode);
        using var body = JsonDocument.Parse(Body(context));
        Assert.Equal("UnknownOperationException", body.RootElement.GetProperty("__type").GetString());
        Assert.Contains("AmazonSQS.ListQueues", body.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(AuthFailureKind.UnknownAccessKey, 403, "UnrecognizedClientException", "InvalidClientTokenId")]
    [InlineData(AuthFailureKind.SignatureMismatch, 403, "InvalidSignatureException", "SignatureDoesNotMatch")]
    [InlineData(AuthFailureKind.MissingCredentials, 403, "MissingAuthenticationTokenException", "MissingAuthenticationToken")]
    [InlineData(AuthFailureKind.Malformed, 400, "IncompleteSignatureException", "IncompleteSignature")]
    public void AwsServiceAuthErrors_Kind_MapsToEachFamilysCode(AuthFailureKind kind, int status, string json, string query)
    {
        var error = AwsServiceAuthErrors.For(new AuthFailure(403, "S3Code", "message", kind));

        Assert.Equal((status, json, query), (error.Status, error.JsonCode, error.QueryCode));
    }

    private static AuthResult Anonymous()
    {
        var request = Context("GET").Request;
        return new RequestAuthenticator(Auth.TestRequests.Credentials("AKID", "secret"), TimeProvider.System).Authenticate(request);
    }

    private static DefaultHttpContext Context(string method, string? contentType = null, string? body = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = "/";
        if (contentType is not null) context.Request.ContentType = contentType;
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            context.Request.ContentLength = body.Length;
        }
        context.Response.Body = new MemoryStream();
        RequestIds.Assign(context);
        return context;
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
