// The records of the SQS contract (src/Sluice/Sqs/Messages, built by the SQS helper), as data only, so that the event
// source mappings compile before that code is on main. Removed when main brings the real ones.
namespace Sluice.Sqs.Messages;

public sealed record SqsMessageAttributeValue(string DataType, string? StringValue, byte[]? BinaryValue);

public sealed record SqsReceivedMessage(
    string MessageId, string ReceiptHandle, string Body, string Md5OfBody,
    IReadOnlyDictionary<string, SqsMessageAttributeValue> MessageAttributes, string? Md5OfMessageAttributes,
    long SentTimestampMs, int ApproximateReceiveCount, long ApproximateFirstReceiveTimestampMs, string SenderId,
    string? AwsTraceHeader, string? MessageGroupId, string? MessageDeduplicationId, string? SequenceNumber);
