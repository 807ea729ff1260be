using System.Text.Json;
using Sluice.Functions.EventSources;
using Sluice.Sqs.Messages;

namespace Sluice.Tests.Functions.EventSources;

public sealed class SqsLambdaEventTests
{
    private const string Arn = "arn:aws:sqs:us-east-1:000000000000:jobs";

    [Fact]
    public void Build_StandardMessage_HasLambdasRecordShape()
    {
        var attributes = new Dictionary<string, SqsMessageAttributeValue>
        {
            ["origin"] = new("String", "api", null),
            ["blob"] = new("Binary", null, [1, 2, 3]),
            ["count"] = new("Number.int", "42", null),
        };
        var batch = SqsLambdaEvent.Build([SqsMessages.Standard("m1", """{"type":"resize"}""", attributes, trace: "Root=1-abc")], Arn, "us-east-1", 6_000_000);

        Assert.Equal(1, batch.Count);
        var record = Assert.Single(JsonDocument.Parse(batch.Payload).RootElement.GetProperty("Records").EnumerateArray());
        Assert.Equal("m1", record.GetProperty("messageId").GetString());
        Assert.Equal("handle-m1", record.GetProperty("receiptHandle").GetString());
        Assert.Equal("""{"type":"resize"}""", record.GetProperty("body").GetString());
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", record.GetProperty("md5OfBody").GetString());
        Assert.Equal("0123456789abcdef0123456789abcdef", record.GetProperty("md5OfMessageAttributes").GetString());
        Assert.Equal("aws:sqs", record.GetProperty("eventSource").GetString());
        Assert.Equal(Arn, record.GetProperty("eventSourceARN").GetString());
        Assert.Equal("us-east-1", record.GetProperty("awsRegion").GetString());

        var system = record.GetProperty("attributes");
        Assert.Equal("1", system.GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal("1714564800000", system.GetProperty("SentTimestamp").GetString());
        Assert.Equal("AIDAEXAMPLE", system.GetProperty("SenderId").GetString());
        Assert.Equal("1714564800012", system.GetProperty("ApproximateFirstReceiveTimestamp").GetString());
        Assert.Equal("Root=1-abc", system.GetProperty("AWSTraceHeader").GetString());
        Assert.False(system.TryGetProperty("MessageGroupId", out _));

        var messageAttributes = record.GetProperty("messageAttributes");
        var origin = messageAttributes.GetProperty("origin");
        Assert.Equal("api", origin.GetProperty("stringValue").GetString());
        Assert.Equal("String", origin.GetProperty("dataType").GetString());
        Assert.Equal(0, origin.GetProperty("stringListValues").GetArrayLength());
        Assert.Equal(0, origin.GetProperty("binaryListValues").GetArrayLength());
        Assert.False(origin.TryGetProperty("binaryValue", out _));
        var blob = messageAttributes.GetProperty("blob");
        Assert.Equal("AQID", blob.GetProperty("binaryValue").GetString());
        Assert.False(blob.TryGetProperty("stringValue", out _));
        Assert.Equal("Number.int", messageAttributes.GetProperty("count").GetProperty("dataType").GetString());
    }

    [Fact]
    public void Build_FifoMessage_AddsGroupSequenceAndDeduplication()
    {
        var batch = SqsLambdaEvent.Build([SqsMessages.Fifo("m1", "g1", "100")], Arn + ".fifo", "us-east-1", 6_000_000);

        var system = JsonDocument.Parse(batch.Payload).RootElement.GetProperty("Records")[0].GetProperty("attributes");
        Assert.Equal("g1", system.GetProperty("MessageGroupId").GetString());
        Assert.Equal("100", system.GetProperty("SequenceNumber").GetString());
        Assert.Equal("dedup-m1", system.GetProperty("MessageDeduplicationId").GetString());
    }

    [Fact]
    public void Build_MessageWithoutAttributes_HasEmptyAttributesAndNoAttributesMd5()
    {
        var record = JsonDocument.Parse(SqsLambdaEvent.Build([SqsMessages.Standard("m1")], Arn, "us-east-1", 6_000_000).Payload)
            .RootElement.GetProperty("Records")[0];

        Assert.Equal(JsonValueKind.Object, record.GetProperty("messageAttributes").ValueKind);
        Assert.Empty(record.GetProperty("messageAttributes").EnumerateObject());
        Assert.False(record.TryGetProperty("md5OfMessageAttributes", out _));
    }

    [Fact]
    public void Build_BodyWithMarkupAndUnicode_KeepsCharactersUnescaped()
    {
        var markup = "<a href='x'>ünïcødé + ü</a>";
        var body = markup + " 😀";
        var batch = SqsLambdaEvent.Build([SqsMessages.Standard("m1", body)], Arn, "us-east-1", 6_000_000);

        Assert.Contains(markup, System.Text.Encoding.UTF8.GetString(batch.Payload));
        Assert.Equal(body, JsonDocument.Parse(batch.Payload).RootElement.GetProperty("Records")[0].GetProperty("body").GetString());
    }

    [Fact]
    public void Build_OverTheSizeLimit_StopsBeforeTheMessageThatDoesNotFit()
    {
        var big = new string('x', 1000);
        var messages = Enumerable.Range(0, 10).Select(i => SqsMessages.Standard("m" + i, big)).ToList();
        var one = SqsLambdaEvent.Build(messages[..1], Arn, "us-east-1", int.MaxValue).Payload.Length;

        var batch = SqsLambdaEvent.Build(messages, Arn, "us-east-1", (one * 3) + 10);

        Assert.Equal(3, batch.Count);
        Assert.True(batch.Payload.Length <= (one * 3) + 10);
        Assert.Equal(3, JsonDocument.Parse(batch.Payload).RootElement.GetProperty("Records").GetArrayLength());
    }

    [Fact]
    public void Build_FirstMessageAloneOverTheLimit_StillCarriesIt()
    {
        var batch = SqsLambdaEvent.Build([SqsMessages.Standard("m1", new string('x', 500))], Arn, "us-east-1", 100);

        Assert.Equal(1, batch.Count);
    }
}
