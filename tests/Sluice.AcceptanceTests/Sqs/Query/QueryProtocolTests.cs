using System.Text.Json;
using System.Xml.Linq;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Sqs.Query;

/// <summary>
/// SQS over the query protocol, driven by the AWS SDK for JavaScript v2 at its last query-speaking version
/// (node/sqs_query_client.mjs; its packages come from `scripts/setup`). One server for the class.
/// </summary>
public sealed class QueryProtocolTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>
{
    private static readonly string ScriptFolder = Path.Combine(RepositoryRoot(), "tests", "Sluice.AcceptanceTests", "Sqs", "Query", "node");
    private static readonly XNamespace Sqs = "http://queue.amazonaws.com/doc/2012-11-05/";

    [Fact]
    public async Task EveryOperation_QueryClient_RoundTripsWithVerifiedMd5s()
    {
        var prefix = Prefix("life");
        var result = await RunAsync("lifecycle", prefix);

        var url = result.GetProperty("queueUrl").GetString()!;
        Assert.Equal($"{fixture.Endpoint}/000000000000/{prefix}-jobs", url);
        Assert.Equal(url, result.GetProperty("createAgain").GetString());
        Assert.Equal(url, result.GetProperty("getQueueUrl").GetString());
        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{prefix}-dlq", result.GetProperty("dlqArn").GetString());
        var all = Strings(result.GetProperty("listedAll"));
        Assert.Equal(3, all.Count);
        Assert.Equal(all.Order(StringComparer.Ordinal), Strings(result.GetProperty("listed")).Order(StringComparer.Ordinal));

        var attributes = result.GetProperty("attributes");
        Assert.Equal("45", attributes.GetProperty("VisibilityTimeout").GetString());
        Assert.Equal("1", attributes.GetProperty("ReceiveMessageWaitTimeSeconds").GetString());
        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{prefix}-jobs", attributes.GetProperty("QueueArn").GetString());
        Assert.Contains("maxReceiveCount", attributes.GetProperty("RedrivePolicy").GetString());
        Assert.Equal(new Dictionary<string, string> { ["team"] = "data", ["env"] = "test" },
            result.GetProperty("tags").EnumerateObject().ToDictionary(tag => tag.Name, tag => tag.Value.GetString()!));

        var sent = result.GetProperty("sent");
        Assert.Equal(result.GetProperty("expectedMd5OfBody").GetString(), sent.GetProperty("MD5OfMessageBody").GetString());
        Assert.Equal(result.GetProperty("expectedMd5OfAttributes").GetString(), sent.GetProperty("MD5OfMessageAttributes").GetString());
        Assert.Equal(result.GetProperty("expectedMd5OfSystemAttributes").GetString(), sent.GetProperty("MD5OfMessageSystemAttributes").GetString());

        var received = result.GetProperty("received");
        Assert.Equal(1, received.GetProperty("count").GetInt32());
        Assert.Equal(sent.GetProperty("MessageId").GetString(), received.GetProperty("messageId").GetString());
        Assert.Equal("héllo & <world>\r\n", received.GetProperty("body").GetString());
        Assert.Equal(result.GetProperty("expectedMd5OfAttributes").GetString(), received.GetProperty("md5OfMessageAttributes").GetString());
        Assert.Equal("1", received.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793", received.GetProperty("attributes").GetProperty("AWSTraceHeader").GetString());
        Assert.True(received.GetProperty("attributes").TryGetProperty("SentTimestamp", out _));
        var messageAttributes = received.GetProperty("messageAttributes");
        Assert.Equal("api", messageAttributes.GetProperty("origin").GetProperty("StringValue").GetString());
        Assert.Equal("Number", messageAttributes.GetProperty("count").GetProperty("DataType").GetString());
        Assert.Equal(Convert.ToBase64String([0, 1, 2, 254, 255]), messageAttributes.GetProperty("blob").GetProperty("BinaryValue").GetString());

        Assert.Equal(received.GetProperty("messageId").GetString(), result.GetProperty("receivedAgain").GetProperty("messageId").GetString());
        Assert.Equal("2", result.GetProperty("receivedAgain").GetProperty("receiveCount").GetString());

        Assert.Equal(["one", "three", "two"], Strings(result.GetProperty("sentBatch").GetProperty("successful")));
        Assert.Equal(["first", "second", "third"], Strings(result.GetProperty("batchBodies")));
        Assert.Equal("""{"successful":3,"failed":0}""", result.GetProperty("changedBatch").GetRawText());
        Assert.Equal("""{"successful":3,"failed":0}""", result.GetProperty("deletedBatch").GetRawText());
        Assert.Empty(result.GetProperty("afterPurge").EnumerateArray());
        AssertError(result, "addPermission", "AWS.SimpleQueueService.UnsupportedOperation");
        AssertError(result, "removePermission", "AWS.SimpleQueueService.UnsupportedOperation");
        Assert.Empty(result.GetProperty("remaining").EnumerateArray());
    }

    [Fact]
    public async Task DeadLetterSourcesAndMoveTask_QueryClient_MovesTheMessageBack()
    {
        var prefix = Prefix("dlq");
        var result = await RunAsync("redrive", prefix);

        Assert.Equal([result.GetProperty("sourceUrl").GetString()!], Strings(result.GetProperty("deadLetterSources")));
        Assert.False(string.IsNullOrEmpty(result.GetProperty("taskHandle").GetString()));
        var task = Assert.Single(result.GetProperty("moveTasks").EnumerateArray());
        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{prefix}-dlq", task.GetProperty("SourceArn").GetString());
        Assert.Equal(10, task.GetProperty("MaxNumberOfMessagesPerSecond").GetInt32());
        Assert.Equal(["dead"], Strings(result.GetProperty("moved")));
        Assert.InRange(result.GetProperty("cancelled").GetProperty("ApproximateNumberOfMessagesMoved").GetInt64(), 0, 4);
        var latest = Assert.Single(result.GetProperty("afterCancel").EnumerateArray());
        Assert.Contains(latest.GetProperty("Status").GetString(), new[] { "CANCELLING", "CANCELLED" });
    }

    [Fact]
    public async Task Errors_QueryClient_GetsSqsQueryCodes()
    {
        var result = await RunAsync("errors", Prefix("err"));

        AssertError(result, "getQueueUrlMissing", "AWS.SimpleQueueService.NonExistentQueue");
        AssertError(result, "sendToMissing", "AWS.SimpleQueueService.NonExistentQueue");
        AssertError(result, "createDifferent", "QueueAlreadyExists");
        AssertError(result, "badQueueName", "InvalidParameterValue");
        AssertError(result, "badAttributeValue", "InvalidAttributeValue");
        AssertError(result, "unknownAttribute", "InvalidAttributeName");
        AssertError(result, "forgedHandleDelete", "ReceiptHandleIsInvalid");
        AssertError(result, "forgedHandleChange", "ReceiptHandleIsInvalid");
        AssertError(result, "notInflightChange", "AWS.SimpleQueueService.MessageNotInflight");
        AssertError(result, "staleHandleChange", "InvalidParameterValue");
        AssertError(result, "duplicateIds", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct");
        AssertError(result, "tooManyEntries", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest");
        AssertError(result, "emptyBatch", "AWS.SimpleQueueService.EmptyBatchRequest");
        AssertError(result, "receiveTooMany", "InvalidParameterValue");
        var failed = Assert.Single(result.GetProperty("batchEntryFailure").EnumerateArray());
        Assert.Equal("forged", failed.GetProperty("id").GetString());
        Assert.Equal("ReceiptHandleIsInvalid", failed.GetProperty("code").GetString());
        Assert.True(failed.GetProperty("senderFault").GetBoolean());
    }

    [Theory]
    [InlineData("POST", "/", "Action=SendMessages&Version=2012-11-05", "InvalidAction")]
    [InlineData("POST", "/", "Version=2012-11-05&QueueName=x", "MissingAction")]
    [InlineData("POST", "/", "Action=CreateQueue&Version=2012-11-05", "MissingParameter")]
    [InlineData("POST", "/", "Action=UntagQueue&Version=2012-11-05&QueueUrl=u&TagKey.1=a&TagKey.3=c", "InvalidQueryParameter")]
    [InlineData("GET", "/", "Action=ReceiveMessage&Version=2012-11-05&QueueUrl=u&MaxNumberOfMessages=ten", "InvalidParameterValue")]
    public async Task MalformedRequest_SignedByTheSdk_IsAQueryErrorResponse(string method, string path, string form, string code)
    {
        var result = await RunAsync("raw", method, path, form);

        Assert.Equal(400, result.GetProperty("status").GetInt32());
        var error = XDocument.Parse(result.GetProperty("body").GetString()!).Root!;
        Assert.Equal("ErrorResponse", error.Name.LocalName);
        Assert.Equal(code, error.Descendants().Single(element => element.Name.LocalName == "Code").Value);
        Assert.Equal("Sender", error.Descendants().Single(element => element.Name.LocalName == "Type").Value);
    }

    [Fact]
    public async Task GetWithQueueInPath_AsOldClientsSendIt_IsServed()
    {
        var name = Prefix("path");
        var created = await RunAsync("raw", "POST", "/", $"Action=CreateQueue&Version=2012-11-05&QueueName={name}");
        Assert.Equal(200, created.GetProperty("status").GetInt32());

        var sent = await RunAsync("raw", "GET", $"/000000000000/{name}", "Action=SendMessage&Version=2012-11-05&MessageBody=hello");

        Assert.Equal(200, sent.GetProperty("status").GetInt32());
        Assert.Equal("text/xml", sent.GetProperty("contentType").GetString());
        var response = XDocument.Parse(sent.GetProperty("body").GetString()!).Root!;
        Assert.Equal(Sqs + "SendMessageResponse", response.Name);
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", response.Element(Sqs + "SendMessageResult")!.Element(Sqs + "MD5OfMessageBody")!.Value);
        Assert.False(string.IsNullOrEmpty(response.Element(Sqs + "ResponseMetadata")!.Element(Sqs + "RequestId")!.Value));
    }

    private static void AssertError(JsonElement result, string step, string code)
    {
        var error = result.GetProperty(step);
        Assert.True(code == error.GetProperty("code").GetString(), $"{step}: expected {code}, got {error.GetRawText()}");
        Assert.Equal(400, error.GetProperty("statusCode").GetInt32());
    }

    private async Task<JsonElement> RunAsync(params string[] arguments)
    {
        Assert.True(Directory.Exists(Path.Combine(ScriptFolder, "node_modules", "aws-sdk")),
            $"The AWS SDK for JavaScript v2 is not installed in {ScriptFolder}; run scripts/setup.");
        var environment = new Dictionary<string, string?>(AwsCli.Environment)
        {
            ["SLUICE_ENDPOINT"] = fixture.Endpoint,
            ["AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE"] = "1",
        };
        var result = await ProcessRunner.RunAsync("node", ["sqs_query_client.mjs", .. arguments], environment, ScriptFolder);
        result.EnsureSuccess("node sqs_query_client.mjs " + string.Join(' ', arguments));
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.False(json.TryGetProperty("failedStep", out var failedStep),
            $"{failedStep} failed: {(json.TryGetProperty("error", out var error) ? error.GetString() : "")}");
        return json;
    }

    private static string Prefix(string purpose) => $"q-{purpose}-{Guid.NewGuid():N}"[..20];

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(item => item.GetString()!).ToList();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Sluice.slnx")))
                return folder.FullName;
        throw new DirectoryNotFoundException("Sluice.slnx not found above " + AppContext.BaseDirectory);
    }
}
