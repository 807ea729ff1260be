using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Sluice.Gateway;
using Sluice.Sqs;
using Sluice.Sqs.Api.Query;

namespace Sluice.Tests.Sqs.Query;

public sealed class SqsQueryProtocolTests
{
    private static readonly XNamespace Sqs = SqsQueryResponse.Namespace;

    [Fact]
    public async Task HandleAsync_Action_RunsItOnTheJsonInputAndAnswersXml()
    {
        var context = Context("Action=GetQueueUrl&Version=2012-11-05&QueueName=jobs");
        (string Action, string Input)? ran = null;

        await SqsQueryProtocol.HandleAsync(context, (action, input) =>
        {
            ran = (action, input.ToJsonString());
            return Task.FromResult(new JsonObject { ["QueueUrl"] = "http://localhost/000000000000/jobs" });
        });

        Assert.Equal(("GetQueueUrl", """{"QueueName":"jobs"}"""), ran);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("text/xml", context.Response.ContentType);
        Assert.Equal(RequestIds.Of(context), context.Response.Headers["x-amzn-RequestId"].ToString());
        var response = XDocument.Parse(Body(context)).Root!;
        Assert.Equal("http://localhost/000000000000/jobs", response.Element(Sqs + "GetQueueUrlResult")!.Element(Sqs + "QueueUrl")!.Value);
        Assert.Equal(RequestIds.Of(context), response.Element(Sqs + "ResponseMetadata")!.Element(Sqs + "RequestId")!.Value);
    }

    [Fact]
    public async Task HandleAsync_OperationThrowsSqsError_IsErrorResponseWithTheQueryCode()
    {
        var context = Context("Action=PurgeQueue&QueueUrl=http%3A%2F%2Flocalhost%2F000000000000%2Fgone");

        await SqsQueryProtocol.HandleAsync(context, (_, _) => throw SqsErrors.NoSuchQueue());

        Assert.Equal(400, context.Response.StatusCode);
        var error = XDocument.Parse(Body(context)).Root!.Element("Error")!;
        Assert.Equal("Sender", error.Element("Type")!.Value);
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", error.Element("Code")!.Value);
        Assert.Equal("The specified queue does not exist.", error.Element("Message")!.Value);
    }

    [Fact]
    public async Task HandleAsync_MalformedForm_NeverRunsAnOperation()
    {
        var context = Context("Action=UntagQueue&QueueUrl=u&TagKey.2=b");
        var ran = false;

        await SqsQueryProtocol.HandleAsync(context, (_, _) =>
        {
            ran = true;
            return Task.FromResult(new JsonObject());
        });

        Assert.False(ran);
        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("InvalidQueryParameter", XDocument.Parse(Body(context)).Root!.Element("Error")!.Element("Code")!.Value);
    }

    private static DefaultHttpContext Context(string form)
    {
        var context = new DefaultHttpContext();
        RequestIds.Assign(context);
        context.Request.Method = "POST";
        context.Request.Path = "/";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(form));
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
