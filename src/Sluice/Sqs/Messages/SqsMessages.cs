namespace Sluice.Sqs.Messages;

/// <summary>A message attribute: a data type (String, Number, Binary, each with an optional <c>.suffix</c>) and its value.</summary>
public sealed record SqsMessageAttributeValue(string DataType, string? StringValue, byte[]? BinaryValue)
{
    /// <summary>Binary types carry <see cref="BinaryValue"/>; String and Number types <see cref="StringValue"/>.</summary>
    public bool IsBinary => DataType.StartsWith("Binary", StringComparison.Ordinal);
}

/// <summary>A message to send; the queue's delay applies when <paramref name="DelaySeconds"/> is null.</summary>
public sealed record SqsNewMessage(
    string Body,
    IReadOnlyDictionary<string, SqsMessageAttributeValue> MessageAttributes,
    string? AwsTraceHeader,
    int? DelaySeconds,
    string? MessageGroupId,
    string? MessageDeduplicationId);

/// <summary>What SendMessage answers for one message (for a FIFO duplicate: the original's id and sequence number).</summary>
public sealed record SqsSent(
    string MessageId, string Md5OfMessageBody, string? Md5OfMessageAttributes, string? Md5OfMessageSystemAttributes, string? SequenceNumber);

/// <summary>A received message with every attribute; the API returns the ones the client asked for.</summary>
public sealed record SqsReceivedMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    string Md5OfBody,
    IReadOnlyDictionary<string, SqsMessageAttributeValue> MessageAttributes,
    string? Md5OfMessageAttributes,
    long SentTimestampMs,
    int ApproximateReceiveCount,
    long ApproximateFirstReceiveTimestampMs,
    string SenderId,
    string? AwsTraceHeader,
    string? MessageGroupId,
    string? MessageDeduplicationId,
    string? SequenceNumber)
{
    /// <summary>The ARN of the queue it was dead-lettered from, while it is in a dead-letter queue.</summary>
    public string? DeadLetterQueueSourceArn { get; init; }
}

/// <summary>One batch entry's outcome: success, or the SQS error a batch reports in <c>Failed[]</c>.</summary>
public sealed record SqsEntryOutcome(SqsException? Error)
{
    public static readonly SqsEntryOutcome Success = new((SqsException?)null);

    public bool Succeeded => Error is null;
}
