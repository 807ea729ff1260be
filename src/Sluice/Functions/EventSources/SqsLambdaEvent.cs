using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Sqs.Messages;

namespace Sluice.Functions.EventSources;

/// <summary>A batch of messages as the function receives it: the JSON bytes and how many of the messages they hold.</summary>
public sealed record SqsBatchEvent(byte[] Payload, int Count);

/// <summary>
/// The event Lambda gives a function for a batch of SQS messages: <c>Records[]</c> in Lambda's lower camel case (unlike
/// the SQS API), system attributes as strings, message attributes with their (always empty) list members.
/// </summary>
public static class SqsLambdaEvent
{
    private static readonly byte[] Opening = """{"Records":["""u8.ToArray();
    private static readonly byte[] Closing = "]}"u8.ToArray();

    /// <summary>The event is never embedded in HTML, so bodies keep their characters instead of \u escapes.</summary>
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The event for the leading messages of <paramref name="messages"/> whose event fits in <paramref name="maxBytes"/>
    /// (Lambda's 6 MB payload): always at least the first, so that one message is never stuck.
    /// </summary>
    public static SqsBatchEvent Build(IReadOnlyList<SqsReceivedMessage> messages, string sourceArn, string region, int maxBytes)
    {
        using var payload = new MemoryStream();
        payload.Write(Opening);
        var count = 0;
        using var record = new MemoryStream();
        foreach (var message in messages)
        {
            record.SetLength(0);
            using (var writer = new Utf8JsonWriter(record, Options))
                WriteRecord(writer, message, sourceArn, region);
            var separator = count > 0 ? 1 : 0;
            if (count > 0 && payload.Length + separator + record.Length + Closing.Length > maxBytes)
                break;
            if (separator == 1)
                payload.WriteByte((byte)',');
            record.WriteTo(payload);
            count++;
        }
        payload.Write(Closing);
        return new SqsBatchEvent(payload.ToArray(), count);
    }

    private static void WriteRecord(Utf8JsonWriter writer, SqsReceivedMessage message, string sourceArn, string region)
    {
        writer.WriteStartObject();
        writer.WriteString("messageId", message.MessageId);
        writer.WriteString("receiptHandle", message.ReceiptHandle);
        writer.WriteString("body", message.Body);
        writer.WriteStartObject("attributes");
        writer.WriteString("ApproximateReceiveCount", message.ApproximateReceiveCount.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("SentTimestamp", message.SentTimestampMs.ToString(CultureInfo.InvariantCulture));
        if (message.SequenceNumber is { } sequence)
            writer.WriteString("SequenceNumber", sequence);
        if (message.MessageGroupId is { } group)
            writer.WriteString("MessageGroupId", group);
        writer.WriteString("SenderId", message.SenderId);
        if (message.MessageDeduplicationId is { } deduplication)
            writer.WriteString("MessageDeduplicationId", deduplication);
        writer.WriteString("ApproximateFirstReceiveTimestamp", message.ApproximateFirstReceiveTimestampMs.ToString(CultureInfo.InvariantCulture));
        if (message.AwsTraceHeader is { } trace)
            writer.WriteString("AWSTraceHeader", trace);
        writer.WriteEndObject();
        writer.WriteStartObject("messageAttributes");
        foreach (var (name, value) in message.MessageAttributes)
        {
            writer.WriteStartObject(name);
            if (value.StringValue is { } text)
                writer.WriteString("stringValue", text);
            if (value.BinaryValue is { } binary)
                writer.WriteBase64String("binaryValue", binary);
            writer.WriteStartArray("stringListValues");
            writer.WriteEndArray();
            writer.WriteStartArray("binaryListValues");
            writer.WriteEndArray();
            writer.WriteString("dataType", value.DataType);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        if (message.Md5OfMessageAttributes is { } attributesMd5)
            writer.WriteString("md5OfMessageAttributes", attributesMd5);
        writer.WriteString("md5OfBody", message.Md5OfBody);
        writer.WriteString("eventSource", "aws:sqs");
        writer.WriteString("eventSourceARN", sourceArn);
        writer.WriteString("awsRegion", region);
        writer.WriteEndObject();
    }
}
