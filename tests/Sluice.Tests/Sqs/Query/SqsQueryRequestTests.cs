using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.Sqs.Api.Query;

namespace Sluice.Tests.Sqs.Query;

public sealed class SqsQueryRequestTests
{
    private const string QueueUrl = "http://localhost:4566/000000000000/jobs";

    /// <summary>
    /// Each form is the body the AWS SDK for JavaScript v2 (aws-sdk 2.1490.0, the last that speaks query to SQS) sent
    /// for the parameters beside it, which are also the JSON protocol's input (binary values as base64).
    /// </summary>
    public static TheoryData<string, string> ClientForms => new()
    {
        // AddPermission
        { """AWSAccountId.1=111122223333&AWSAccountId.2=444455556666&Action=AddPermission&ActionName.1=SendMessage&ActionName.2=ReceiveMessage&Label=grant&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","Label":"grant","AWSAccountIds":["111122223333","444455556666"],"Actions":["SendMessage","ReceiveMessage"]}""" },
        // CancelMessageMoveTask
        { """Action=CancelMessageMoveTask&TaskHandle=handle-1&Version=2012-11-05""",
          """{"TaskHandle":"handle-1"}""" },
        // ChangeMessageVisibility
        { """Action=ChangeMessageVisibility&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&ReceiptHandle=rh-1&Version=2012-11-05&VisibilityTimeout=60""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","ReceiptHandle":"rh-1","VisibilityTimeout":60}""" },
        // ChangeMessageVisibilityBatch
        { """Action=ChangeMessageVisibilityBatch&ChangeMessageVisibilityBatchRequestEntry.1.Id=a&ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle=rh-a&ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout=0&ChangeMessageVisibilityBatchRequestEntry.2.Id=b&ChangeMessageVisibilityBatchRequestEntry.2.ReceiptHandle=rh-b&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","Entries":[{"Id":"a","ReceiptHandle":"rh-a","VisibilityTimeout":0},{"Id":"b","ReceiptHandle":"rh-b"}]}""" },
        // CreateQueue
        { """Action=CreateQueue&Attribute.1.Name=FifoQueue&Attribute.1.Value=true&Attribute.2.Name=VisibilityTimeout&Attribute.2.Value=45&QueueName=jobs.fifo&Tag.1.Key=team&Tag.1.Value=data&Tag.2.Key=cost%20center&Tag.2.Value=a%26b%3Dc&Version=2012-11-05""",
          """{"QueueName":"jobs.fifo","Attributes":{"FifoQueue":"true","VisibilityTimeout":"45"},"tags":{"team":"data","cost center":"a&b=c"}}""" },
        // DeleteMessage
        { """Action=DeleteMessage&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&ReceiptHandle=rh%2B%2F%3D1&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","ReceiptHandle":"rh+/=1"}""" },
        // DeleteMessageBatch
        { """Action=DeleteMessageBatch&DeleteMessageBatchRequestEntry.1.Id=a&DeleteMessageBatchRequestEntry.1.ReceiptHandle=rh-a&DeleteMessageBatchRequestEntry.2.Id=b&DeleteMessageBatchRequestEntry.2.ReceiptHandle=rh-b&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","Entries":[{"Id":"a","ReceiptHandle":"rh-a"},{"Id":"b","ReceiptHandle":"rh-b"}]}""" },
        // DeleteQueue
        { """Action=DeleteQueue&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs"}""" },
        // GetQueueAttributes
        { """Action=GetQueueAttributes&AttributeName.1=All&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","AttributeNames":["All"]}""" },
        // GetQueueUrl
        { """Action=GetQueueUrl&QueueName=jobs&QueueOwnerAWSAccountId=000000000000&Version=2012-11-05""",
          """{"QueueName":"jobs","QueueOwnerAWSAccountId":"000000000000"}""" },
        // ListDeadLetterSourceQueues
        { """Action=ListDeadLetterSourceQueues&MaxResults=5&NextToken=tok&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","MaxResults":5,"NextToken":"tok"}""" },
        // ListMessageMoveTasks
        { """Action=ListMessageMoveTasks&MaxResults=3&SourceArn=arn%3Aaws%3Asqs%3Aus-east-1%3A000000000000%3Ajobs-dlq&Version=2012-11-05""",
          """{"SourceArn":"arn:aws:sqs:us-east-1:000000000000:jobs-dlq","MaxResults":3}""" },
        // ListQueueTags
        { """Action=ListQueueTags&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs"}""" },
        // ListQueues
        { """Action=ListQueues&MaxResults=2&NextToken=next&QueueNamePrefix=jo&Version=2012-11-05""",
          """{"QueueNamePrefix":"jo","MaxResults":2,"NextToken":"next"}""" },
        // PurgeQueue
        { """Action=PurgeQueue&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs"}""" },
        // ReceiveMessage
        { """Action=ReceiveMessage&AttributeName.1=SentTimestamp&AttributeName.2=ApproximateReceiveCount&MaxNumberOfMessages=10&MessageAttributeName.1=All&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&ReceiveRequestAttemptId=attempt&Version=2012-11-05&VisibilityTimeout=30&WaitTimeSeconds=20""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","AttributeNames":["SentTimestamp","ApproximateReceiveCount"],"MessageAttributeNames":["All"],"MaxNumberOfMessages":10,"VisibilityTimeout":30,"WaitTimeSeconds":20,"ReceiveRequestAttemptId":"attempt"}""" },
        // RemovePermission
        { """Action=RemovePermission&Label=grant&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","Label":"grant"}""" },
        // SendMessage
        { """Action=SendMessage&DelaySeconds=5&MessageAttribute.1.Name=origin&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=api&MessageAttribute.2.Name=count&MessageAttribute.2.Value.DataType=Number&MessageAttribute.2.Value.StringValue=42&MessageAttribute.3.Name=blob&MessageAttribute.3.Value.BinaryValue=AAEC%2Fv8%3D&MessageAttribute.3.Value.DataType=Binary&MessageBody=h%C3%A9llo%20%26%20%3Cworld%3E%0D%0A&MessageDeduplicationId=d1&MessageGroupId=g1&MessageSystemAttribute.1.Name=AWSTraceHeader&MessageSystemAttribute.1.Value.DataType=String&MessageSystemAttribute.1.Value.StringValue=Root%3D1-5759e988-bd862e3fe1be46a994272793&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","MessageBody":"héllo & <world>\r\n","DelaySeconds":5,"MessageAttributes":{"origin":{"DataType":"String","StringValue":"api"},"count":{"DataType":"Number","StringValue":"42"},"blob":{"DataType":"Binary","BinaryValue":"AAEC/v8="}},"MessageSystemAttributes":{"AWSTraceHeader":{"DataType":"String","StringValue":"Root=1-5759e988-bd862e3fe1be46a994272793"}},"MessageDeduplicationId":"d1","MessageGroupId":"g1"}""" },
        // SendMessageBatch
        { """Action=SendMessageBatch&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&SendMessageBatchRequestEntry.1.DelaySeconds=1&SendMessageBatchRequestEntry.1.Id=one&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=kind&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String.custom&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=x&SendMessageBatchRequestEntry.1.MessageBody=first&SendMessageBatchRequestEntry.2.Id=two&SendMessageBatchRequestEntry.2.MessageBody=second&SendMessageBatchRequestEntry.2.MessageDeduplicationId=d&SendMessageBatchRequestEntry.2.MessageGroupId=g&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","Entries":[{"Id":"one","MessageBody":"first","DelaySeconds":1,"MessageAttributes":{"kind":{"DataType":"String.custom","StringValue":"x"}}},{"Id":"two","MessageBody":"second","MessageGroupId":"g","MessageDeduplicationId":"d"}]}""" },
        // SetQueueAttributes
        { """Action=SetQueueAttributes&Attribute.1.Name=RedrivePolicy&Attribute.1.Value=%7B%22deadLetterTargetArn%22%3A%22arn%3Aaws%3Asqs%3Aus-east-1%3A000000000000%3Ajobs-dlq%22%2C%22maxReceiveCount%22%3A%225%22%7D&Attribute.2.Name=DelaySeconds&Attribute.2.Value=0&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","Attributes":{"RedrivePolicy":"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:jobs-dlq\",\"maxReceiveCount\":\"5\"}","DelaySeconds":"0"}}""" },
        // StartMessageMoveTask
        { """Action=StartMessageMoveTask&DestinationArn=arn%3Aaws%3Asqs%3Aus-east-1%3A000000000000%3Ajobs&MaxNumberOfMessagesPerSecond=50&SourceArn=arn%3Aaws%3Asqs%3Aus-east-1%3A000000000000%3Ajobs-dlq&Version=2012-11-05""",
          """{"SourceArn":"arn:aws:sqs:us-east-1:000000000000:jobs-dlq","DestinationArn":"arn:aws:sqs:us-east-1:000000000000:jobs","MaxNumberOfMessagesPerSecond":50}""" },
        // TagQueue
        { """Action=TagQueue&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&Tag.1.Key=env&Tag.1.Value=test&Tag.2.Key=owner&Tag.2.Value=me&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","Tags":{"env":"test","owner":"me"}}""" },
        // UntagQueue
        { """Action=UntagQueue&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fjobs&TagKey.1=env&TagKey.2=owner&Version=2012-11-05""",
          """{"QueueUrl":"http://localhost:4566/000000000000/jobs","TagKeys":["env","owner"]}""" },
    };

    [Theory]
    [MemberData(nameof(ClientForms))]
    public async Task ReadAsync_FormTheClientSent_IsTheJsonProtocolsInput(string form, string json)
    {
        var call = await ReadAsync(PostForm(form));

        Assert.Equal(Action(form), call.Action);
        AssertJson(json, call.Input);
    }

    [Fact]
    public async Task ReadAsync_GetWithQueueInPath_TakesQueueUrlFromThePath()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 4566);
        context.Request.Path = "/000000000000/jobs";
        context.Request.QueryString = new QueryString("?Action=ReceiveMessage&Version=2012-11-05&MaxNumberOfMessages=5&VisibilityTimeout=15&AttributeName=All");

        var call = await ReadAsync(context.Request);

        Assert.Equal("ReceiveMessage", call.Action);
        AssertJson("""{"QueueUrl":"http://127.0.0.1:4566/000000000000/jobs","AttributeNames":["All"],"MaxNumberOfMessages":5,"VisibilityTimeout":15}""", call.Input);
    }

    [Fact]
    public async Task ReadAsync_QueueUrlInFormAndPath_FormWins()
    {
        var request = PostForm("Action=PurgeQueue&QueueUrl=http%3A%2F%2Fother%2F000000000000%2Fjobs");
        request.Path = "/000000000000/elsewhere";

        var call = await ReadAsync(request);

        AssertJson("""{"QueueUrl":"http://other/000000000000/jobs"}""", call.Input);
    }

    [Fact]
    public async Task ReadAsync_ActionInQueryStringAndParametersInForm_ReadsBoth()
    {
        var request = PostForm("QueueName=jobs");
        request.QueryString = new QueryString("?Action=GetQueueUrl");

        var call = await ReadAsync(request);

        Assert.Equal("GetQueueUrl", call.Action);
        AssertJson("""{"QueueName":"jobs"}""", call.Input);
    }

    [Fact]
    public async Task ReadAsync_EmptyListAsTheSdkSendsIt_IsAnEmptyList()
    {
        var call = await ReadAsync(PostForm($"Action=GetQueueAttributes&AttributeName=&QueueUrl={Uri.EscapeDataString(QueueUrl)}"));

        AssertJson($$"""{"QueueUrl":"{{QueueUrl}}","AttributeNames":[]}""", call.Input);
    }

    [Fact]
    public async Task ReadAsync_EmptyBatchAsTheSdkSendsIt_IsAnEmptyListOfEntries()
    {
        var call = await ReadAsync(PostForm($"Action=DeleteMessageBatch&DeleteMessageBatchRequestEntry=&QueueUrl={Uri.EscapeDataString(QueueUrl)}"));

        AssertJson($$"""{"QueueUrl":"{{QueueUrl}}","Entries":[]}""", call.Input);
    }

    [Fact]
    public async Task ReadAsync_ListItemsOutOfOrder_KeepTheirNumbersOrder()
    {
        var call = await ReadAsync(PostForm($"Action=UntagQueue&TagKey.2=b&TagKey.1=a&TagKey.3=c&QueueUrl={Uri.EscapeDataString(QueueUrl)}"));

        AssertJson($$"""{"QueueUrl":"{{QueueUrl}}","TagKeys":["a","b","c"]}""", call.Input);
    }

    [Fact]
    public async Task ReadAsync_ListOfStringLists_ReadsMessageAttributeListValues()
    {
        var call = await ReadAsync(PostForm($"Action=SendMessage&MessageBody=x&QueueUrl={Uri.EscapeDataString(QueueUrl)}"
            + "&MessageAttribute.1.Name=tags&MessageAttribute.1.Value.DataType=String.list"
            + "&MessageAttribute.1.Value.StringListValue.1=p&MessageAttribute.1.Value.StringListValue.2=q"
            + "&MessageAttribute.1.Value.BinaryListValue.1=AAE%3D"));

        AssertJson("""
            {"QueueUrl":"http://localhost:4566/000000000000/jobs","MessageBody":"x","MessageAttributes":{"tags":
              {"DataType":"String.list","StringListValues":["p","q"],"BinaryListValues":["AAE="]}}}
            """, call.Input);
    }

    [Fact]
    public async Task ReadAsync_UnknownParameters_AreIgnored()
    {
        var call = await ReadAsync(PostForm("Action=ListQueues&Version=2012-11-05&X-Amz-Date=20240101T000000Z&Shiny=new"));

        AssertJson("{}", call.Input);
    }

    [Theory]
    [InlineData("Version=2012-11-05", "MissingAction", "The request must contain the parameter Action.")]
    [InlineData("Action=", "MissingAction", "The request must contain the parameter Action.")]
    [InlineData("Action=SendMessages", "InvalidAction", "The action SendMessages is not valid for this endpoint.")]
    [InlineData("Action=sendmessage", "InvalidAction", "The action sendmessage is not valid for this endpoint.")]
    [InlineData("Action=SendMessage&QueueUrl=u", "MissingParameter", "The request must contain the parameter MessageBody.")]
    [InlineData("Action=SendMessage&MessageBody=x", "MissingParameter", "The request must contain the parameter QueueUrl.")]
    [InlineData("Action=SendMessage&QueueUrl=u&MessageBody=x&MessageAttribute.1.Name=a&MessageAttribute.1.Value.StringValue=v",
        "MissingParameter", "The request must contain the parameter MessageAttribute.1.Value.DataType.")]
    [InlineData("Action=SendMessage&QueueUrl=u&MessageBody=x&MessageAttribute.1.Value.DataType=String",
        "MissingParameter", "The request must contain the parameter MessageAttribute.1.Name.")]
    [InlineData("Action=CreateQueue&QueueName=q&Attribute.1.Name=DelaySeconds",
        "MissingParameter", "The request must contain the parameter Attribute.1.Value.")]
    [InlineData("Action=DeleteMessageBatch&QueueUrl=u&DeleteMessageBatchRequestEntry.1.Id=a",
        "MissingParameter", "The request must contain the parameter DeleteMessageBatchRequestEntry.1.ReceiptHandle.")]
    [InlineData("Action=DeleteMessageBatch&QueueUrl=u", "MissingParameter", "The request must contain the parameter DeleteMessageBatchRequestEntry.")]
    [InlineData("Action=SetQueueAttributes&QueueUrl=u", "MissingParameter", "The request must contain the parameter Attribute.")]
    [InlineData("Action=ReceiveMessage&QueueUrl=u&MaxNumberOfMessages=ten",
        "InvalidParameterValue", "Value ten for parameter MaxNumberOfMessages is invalid. Reason: must be an integer.")]
    [InlineData("Action=ReceiveMessage&QueueUrl=u&WaitTimeSeconds=1.5",
        "InvalidParameterValue", "Value 1.5 for parameter WaitTimeSeconds is invalid. Reason: must be an integer.")]
    [InlineData("Action=ReceiveMessage&QueueUrl=u&VisibilityTimeout=99999999999",
        "InvalidParameterValue", "Value 99999999999 for parameter VisibilityTimeout is invalid. Reason: must be an integer.")]
    [InlineData("Action=ChangeMessageVisibilityBatch&QueueUrl=u&ChangeMessageVisibilityBatchRequestEntry.1.Id=a&ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle=r&ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout=",
        "InvalidParameterValue", "Value  for parameter ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout is invalid. Reason: must be an integer.")]
    [InlineData("Action=SendMessage&QueueUrl=u&MessageBody=x&MessageAttribute.1.Name=b&MessageAttribute.1.Value.DataType=Binary&MessageAttribute.1.Value.BinaryValue=not*base64",
        "InvalidParameterValue", "Value not*base64 for parameter MessageAttribute.1.Value.BinaryValue is invalid. Reason: must be base64-encoded.")]
    [InlineData("Action=TagQueue&QueueUrl=u&Tag.1.Key=a&Tag.1.Value=1&Tag.2.Key=a&Tag.2.Value=2",
        "InvalidParameterValue", "Tag.2.Key repeats the Key a of an earlier entry.")]
    [InlineData("Action=UntagQueue&QueueUrl=u&TagKey.1=a&TagKey.3=c",
        "InvalidQueryParameter", "The parameter TagKey.3 is not one of TagKey.1 to TagKey.2: the items of a list are numbered from 1 without gaps.")]
    [InlineData("Action=UntagQueue&QueueUrl=u&TagKey.0=a",
        "InvalidQueryParameter", "The parameter TagKey.0 is not one of TagKey.1 to TagKey.1: the items of a list are numbered from 1 without gaps.")]
    [InlineData("Action=UntagQueue&QueueUrl=u&TagKey.01=a",
        "InvalidQueryParameter", "The parameter TagKey.01 is not one of TagKey.1 to TagKey.1: the items of a list are numbered from 1 without gaps.")]
    [InlineData("Action=UntagQueue&QueueUrl=u&TagKey.first=a",
        "InvalidQueryParameter", "The parameter TagKey.first is not one of TagKey.1 to TagKey.1: the items of a list are numbered from 1 without gaps.")]
    [InlineData("Action=UntagQueue&QueueUrl=u&TagKey.-1=a",
        "InvalidQueryParameter", "The parameter TagKey.-1 is not one of TagKey.1 to TagKey.1: the items of a list are numbered from 1 without gaps.")]
    [InlineData("Action=DeleteMessageBatch&QueueUrl=u&DeleteMessageBatchRequestEntry.1.Id=a&DeleteMessageBatchRequestEntry.1.ReceiptHandle=r&DeleteMessageBatchRequestEntry.99999.Id=b",
        "InvalidQueryParameter", "The parameter DeleteMessageBatchRequestEntry.99999 is not one of DeleteMessageBatchRequestEntry.1 to DeleteMessageBatchRequestEntry.2: the items of a list are numbered from 1 without gaps.")]
    [InlineData("Action=PurgeQueue&QueueUrl=a&QueueUrl=b", "InvalidQueryParameter", "The parameter QueueUrl is given more than once.")]
    [InlineData("Action=PurgeQueue&QueueUrl=u&A.b.c.d.e.f.g.h.i=deep", "InvalidQueryParameter", "The parameter A.b.c.d.e.f.g.h.i has more than 8 parts.")]
    public async Task ReadAsync_MalformedRequest_IsTheQueryError(string form, string code, string message)
    {
        var failure = await Assert.ThrowsAsync<SqsQueryException>(() => ReadAsync(PostForm(form)));

        Assert.Equal(code, failure.Code);
        Assert.Equal(400, failure.Status);
        Assert.Equal(message, failure.Message);
    }

    [Fact]
    public async Task ReadAsync_SameParameterTwiceWithTheSameValue_IsOneParameter()
    {
        var request = PostForm("Action=PurgeQueue&QueueUrl=u");
        request.QueryString = new QueryString("?Action=PurgeQueue");

        var call = await ReadAsync(request);

        AssertJson("""{"QueueUrl":"u"}""", call.Input);
    }

    [Fact]
    public async Task ReadAsync_MoreParametersThanAnyRequestNeeds_IsRefused()
    {
        var form = "Action=UntagQueue&QueueUrl=u" + string.Concat(Enumerable.Range(1, SqsQueryFields.MaxParameters).Select(i => $"&TagKey.{i}=k"));

        var failure = await Assert.ThrowsAsync<SqsQueryException>(() => ReadAsync(PostForm(form)));

        Assert.Equal("InvalidQueryParameter", failure.Code);
    }

    [Fact]
    public async Task ReadAsync_BodyOverTheLimit_IsRefusedBeforeParsing()
    {
        var form = "Action=SendMessage&QueueUrl=u&MessageBody=" + new string('x', SqsQueryRequest.MaxBodyBytes);

        var failure = await Assert.ThrowsAsync<SqsQueryException>(() => ReadAsync(PostForm(form)));

        Assert.Equal("InvalidParameterValue", failure.Code);
        Assert.Equal($"The request body is larger than the {SqsQueryRequest.MaxBodyBytes} bytes an SQS request may have.", failure.Message);
    }

    [Fact]
    public async Task ReadAsync_LongActionName_IsQuotedShortened()
    {
        var failure = await Assert.ThrowsAsync<SqsQueryException>(() => ReadAsync(PostForm("Action=" + new string('A', 500))));

        Assert.Equal("InvalidAction", failure.Code);
        Assert.Equal($"The action {new string('A', 80)}… is not valid for this endpoint.", failure.Message);
    }

    private static Task<SqsQueryCall> ReadAsync(HttpRequest request) => SqsQueryRequest.ReadAsync(request, CancellationToken.None);

    private static HttpRequest PostForm(string form)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "POST";
        request.Scheme = "http";
        request.Host = new HostString("localhost", 4566);
        request.Path = "/";
        request.ContentType = "application/x-www-form-urlencoded; charset=utf-8";
        var body = Encoding.UTF8.GetBytes(form);
        request.Body = new MemoryStream(body);
        request.ContentLength = body.Length;
        return request;
    }

    private static string Action(string form) =>
        form.Split('&').Select(pair => pair.Split('=')).Single(pair => pair[0] == "Action")[1];

    private static void AssertJson(string expected, JsonObject actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual.ToJsonString()}");
}
