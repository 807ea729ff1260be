using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sluice.Sqs.Api.Query;

namespace Sluice.Tests.Sqs.Query;

public sealed class SqsQueryResponseTests
{
    private const string RequestId = "req-1";
    private const string Url = "http://localhost:4566/000000000000/jobs";

    /// <summary>An output in the JSON protocol's shape and the result element the query protocol's model makes of it.</summary>
    public static TheoryData<string, string, string> Outputs => new()
    {
        // CancelMessageMoveTask
        { "CancelMessageMoveTask", """{"ApproximateNumberOfMessagesMoved":12}""",
          "<ApproximateNumberOfMessagesMoved>12</ApproximateNumberOfMessagesMoved>" },
        // ChangeMessageVisibilityBatch
        { "ChangeMessageVisibilityBatch",
          """{"Successful":[{"Id":"a"}],"Failed":[{"Id":"b","SenderFault":true,"Code":"ReceiptHandleIsInvalid","Message":"The receipt handle \"x\" is not valid."}]}""",
          "<ChangeMessageVisibilityBatchResultEntry><Id>a</Id></ChangeMessageVisibilityBatchResultEntry>"
          + "<BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault><Code>ReceiptHandleIsInvalid</Code><Message>The receipt handle \"x\" is not valid.</Message></BatchResultErrorEntry>" },
        // CreateQueue
        { "CreateQueue", $$"""{"QueueUrl":"{{Url}}"}""", $"<QueueUrl>{Url}</QueueUrl>" },
        // DeleteMessageBatch
        { "DeleteMessageBatch", """{"Successful":[{"Id":"a"},{"Id":"b"}],"Failed":[]}""",
          "<DeleteMessageBatchResultEntry><Id>a</Id></DeleteMessageBatchResultEntry><DeleteMessageBatchResultEntry><Id>b</Id></DeleteMessageBatchResultEntry>" },
        // GetQueueAttributes
        { "GetQueueAttributes", """{"Attributes":{"VisibilityTimeout":"30","QueueArn":"arn:aws:sqs:us-east-1:000000000000:jobs"}}""",
          "<Attribute><Name>VisibilityTimeout</Name><Value>30</Value></Attribute>"
          + "<Attribute><Name>QueueArn</Name><Value>arn:aws:sqs:us-east-1:000000000000:jobs</Value></Attribute>" },
        // GetQueueUrl
        { "GetQueueUrl", $$"""{"QueueUrl":"{{Url}}"}""", $"<QueueUrl>{Url}</QueueUrl>" },
        // ListDeadLetterSourceQueues
        { "ListDeadLetterSourceQueues", $$"""{"queueUrls":["{{Url}}-a","{{Url}}-b"],"NextToken":"t"}""",
          $"<QueueUrl>{Url}-a</QueueUrl><QueueUrl>{Url}-b</QueueUrl><NextToken>t</NextToken>" },
        // ListMessageMoveTasks
        { "ListMessageMoveTasks",
          """
          {"Results":[
            {"TaskHandle":"h1","Status":"RUNNING","SourceArn":"arn:s","DestinationArn":"arn:d","MaxNumberOfMessagesPerSecond":10,
             "ApproximateNumberOfMessagesMoved":3,"ApproximateNumberOfMessagesToMove":7,"StartedTimestamp":1700000000000},
            {"Status":"FAILED","SourceArn":"arn:s","ApproximateNumberOfMessagesMoved":0,"FailureReason":"gone","StartedTimestamp":1600000000000}]}
          """,
          "<ListMessageMoveTasksResultEntry><TaskHandle>h1</TaskHandle><Status>RUNNING</Status><SourceArn>arn:s</SourceArn><DestinationArn>arn:d</DestinationArn>"
          + "<MaxNumberOfMessagesPerSecond>10</MaxNumberOfMessagesPerSecond><ApproximateNumberOfMessagesMoved>3</ApproximateNumberOfMessagesMoved>"
          + "<ApproximateNumberOfMessagesToMove>7</ApproximateNumberOfMessagesToMove><StartedTimestamp>1700000000000</StartedTimestamp></ListMessageMoveTasksResultEntry>"
          + "<ListMessageMoveTasksResultEntry><Status>FAILED</Status><SourceArn>arn:s</SourceArn><ApproximateNumberOfMessagesMoved>0</ApproximateNumberOfMessagesMoved>"
          + "<FailureReason>gone</FailureReason><StartedTimestamp>1600000000000</StartedTimestamp></ListMessageMoveTasksResultEntry>" },
        // ListQueueTags
        { "ListQueueTags", """{"Tags":{"env":"test","cost center":"a&b"}}""",
          "<Tag><Key>env</Key><Value>test</Value></Tag><Tag><Key>cost center</Key><Value>a&amp;b</Value></Tag>" },
        // ListQueues
        { "ListQueues", $$"""{"QueueUrls":["{{Url}}","{{Url}}2"],"NextToken":"n"}""",
          $"<QueueUrl>{Url}</QueueUrl><QueueUrl>{Url}2</QueueUrl><NextToken>n</NextToken>" },
        // ListQueues, none
        { "ListQueues", "{}", "" },
        // ReceiveMessage
        { "ReceiveMessage",
          """
          {"Messages":[{"MessageId":"m1","ReceiptHandle":"rh1","MD5OfBody":"5d41402abc4b2a76b9719d911017c592","Body":"hello",
            "Attributes":{"SenderId":"000000000000","SentTimestamp":"1700000000000"},
            "MD5OfMessageAttributes":"0123456789abcdef0123456789abcdef",
            "MessageAttributes":{"origin":{"StringValue":"api","DataType":"String"},"blob":{"BinaryValue":"AAEC/v8=","DataType":"Binary"},
              "list":{"StringListValues":["p","q"],"DataType":"String.list"}}},
           {"MessageId":"m2","ReceiptHandle":"rh2","MD5OfBody":"d41d8cd98f00b204e9800998ecf8427e","Body":"<x>&amp;"}]}
          """,
          "<Message><MessageId>m1</MessageId><ReceiptHandle>rh1</ReceiptHandle><MD5OfBody>5d41402abc4b2a76b9719d911017c592</MD5OfBody><Body>hello</Body>"
          + "<Attribute><Name>SenderId</Name><Value>000000000000</Value></Attribute><Attribute><Name>SentTimestamp</Name><Value>1700000000000</Value></Attribute>"
          + "<MD5OfMessageAttributes>0123456789abcdef0123456789abcdef</MD5OfMessageAttributes>"
          + "<MessageAttribute><Name>origin</Name><Value><StringValue>api</StringValue><DataType>String</DataType></Value></MessageAttribute>"
          + "<MessageAttribute><Name>blob</Name><Value><BinaryValue>AAEC/v8=</BinaryValue><DataType>Binary</DataType></Value></MessageAttribute>"
          + "<MessageAttribute><Name>list</Name><Value><StringListValue>p</StringListValue><StringListValue>q</StringListValue><DataType>String.list</DataType></Value></MessageAttribute>"
          + "</Message>"
          + "<Message><MessageId>m2</MessageId><ReceiptHandle>rh2</ReceiptHandle><MD5OfBody>d41d8cd98f00b204e9800998ecf8427e</MD5OfBody><Body>&lt;x&gt;&amp;amp;</Body></Message>" },
        // ReceiveMessage, none
        { "ReceiveMessage", "{}", "" },
        // SendMessage
        { "SendMessage",
          """{"MD5OfMessageBody":"b","MD5OfMessageAttributes":"a","MD5OfMessageSystemAttributes":"s","MessageId":"m","SequenceNumber":"10000000000000000001"}""",
          "<MD5OfMessageBody>b</MD5OfMessageBody><MD5OfMessageAttributes>a</MD5OfMessageAttributes><MD5OfMessageSystemAttributes>s</MD5OfMessageSystemAttributes>"
          + "<MessageId>m</MessageId><SequenceNumber>10000000000000000001</SequenceNumber>" },
        // SendMessageBatch
        { "SendMessageBatch",
          """
          {"Successful":[{"Id":"one","MessageId":"m1","MD5OfMessageBody":"b1","MD5OfMessageAttributes":"a1"},{"Id":"two","MessageId":"m2","MD5OfMessageBody":"b2","SequenceNumber":"7"}],
           "Failed":[{"Id":"three","SenderFault":false,"Code":"InternalError"}]}
          """,
          "<SendMessageBatchResultEntry><Id>one</Id><MessageId>m1</MessageId><MD5OfMessageBody>b1</MD5OfMessageBody><MD5OfMessageAttributes>a1</MD5OfMessageAttributes></SendMessageBatchResultEntry>"
          + "<SendMessageBatchResultEntry><Id>two</Id><MessageId>m2</MessageId><MD5OfMessageBody>b2</MD5OfMessageBody><SequenceNumber>7</SequenceNumber></SendMessageBatchResultEntry>"
          + "<BatchResultErrorEntry><Id>three</Id><SenderFault>false</SenderFault><Code>InternalError</Code></BatchResultErrorEntry>" },
        // StartMessageMoveTask
        { "StartMessageMoveTask", """{"TaskHandle":"h1"}""", "<TaskHandle>h1</TaskHandle>" },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Render_Output_IsTheResultElementOfTheQueryModel(string action, string json, string result)
    {
        var xml = SqsQueryResponse.Render(action, Json(json), RequestId);

        var resultElement = result.Length == 0 ? $"<{action}Result />" : $"<{action}Result>{result}</{action}Result>";
        var expected = $"<{action}Response xmlns=\"{SqsQueryResponse.Namespace}\">{resultElement}"
            + $"<ResponseMetadata><RequestId>{RequestId}</RequestId></ResponseMetadata></{action}Response>";
        Assert.Equal(XElement.Parse(expected).ToString(SaveOptions.DisableFormatting), Document(xml));
    }

    [Theory]
    [InlineData("AddPermission")]
    [InlineData("ChangeMessageVisibility")]
    [InlineData("DeleteMessage")]
    [InlineData("DeleteQueue")]
    [InlineData("PurgeQueue")]
    [InlineData("RemovePermission")]
    [InlineData("SetQueueAttributes")]
    [InlineData("TagQueue")]
    [InlineData("UntagQueue")]
    public void Render_ActionWithoutOutput_IsResponseMetadataOnly(string action)
    {
        var xml = SqsQueryResponse.Render(action, [], RequestId);

        Assert.Equal($"<{action}Response xmlns=\"{SqsQueryResponse.Namespace}\"><ResponseMetadata><RequestId>{RequestId}</RequestId></ResponseMetadata></{action}Response>",
            Document(xml));
    }

    [Fact]
    public void Render_EveryAction_HasAResponse()
    {
        var actions = SqsQueryModel.Operations.Keys.Order(StringComparer.Ordinal).ToList();

        var rendered = actions.Select(action => XDocument.Parse(Encoding.UTF8.GetString(SqsQueryResponse.Render(action, [], RequestId))).Root!.Name.LocalName);

        Assert.Equal(23, actions.Count);
        Assert.Equal(actions.Select(action => action + "Response"), rendered);
    }

    [Fact]
    public void Render_BodyWithCarriageReturn_KeepsItAsACharacterReference()
    {
        var xml = Encoding.UTF8.GetString(SqsQueryResponse.Render("ReceiveMessage", Json("""{"Messages":[{"Body":"a\r\nb"}]}"""), RequestId));

        Assert.Contains("<Body>a&#xD;\nb</Body>", xml);
        Assert.Equal("a\r\nb", XDocument.Parse(xml).Root!.Descendants().Single(element => element.Name.LocalName == "Body").Value);
    }

    [Fact]
    public void Render_NullMember_IsLeftOut()
    {
        var xml = SqsQueryResponse.Render("ListQueues", Json("""{"QueueUrls":["u"],"NextToken":null}"""), RequestId);

        Assert.DoesNotContain("NextToken", Document(xml));
    }

    [Theory]
    [InlineData("SendMessage", """{"MessageId":"m","Unexpected":"x"}""", "SendMessage has no member Unexpected in the query protocol's model.")]
    [InlineData("ReceiveMessage", """{"Messages":[{"MessageId":"m","Extra":1}]}""", "ReceiveMessage.Messages has no member Extra in the query protocol's model.")]
    [InlineData("CancelMessageMoveTask", """{"ApproximateNumberOfMessagesMoved":"12"}""", "CancelMessageMoveTask.ApproximateNumberOfMessagesMoved is String where the model has Long.")]
    [InlineData("DeleteMessageBatch", """{"Failed":[{"Id":"a","SenderFault":"yes","Code":"c"}]}""", "DeleteMessageBatch.Failed.SenderFault is String where the model has Boolean.")]
    [InlineData("ListQueues", """{"QueueUrls":"u"}""", "ListQueues.QueueUrls is String where the model has a JsonArray.")]
    [InlineData("DeleteMessage", """{"Anything":1}""", "DeleteMessage has no output, yet was given {\"Anything\":1}.")]
    public void Render_OutputNotInTheModel_IsABug(string action, string json, string message)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => SqsQueryResponse.Render(action, Json(json), RequestId));

        Assert.Equal(message, failure.Message);
    }

    [Fact]
    public void Render_UnknownAction_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => SqsQueryResponse.Render("Nope", [], RequestId));
    }

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    private static string Document(byte[] xml) => XDocument.Parse(Encoding.UTF8.GetString(xml)).Root!.ToString(SaveOptions.DisableFormatting);
}
