using Sluice.Catalog;
using Sluice.Functions.Async;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;

namespace Sluice.Sqs.Destinations;

/// <summary>
/// A queue as a Lambda async target: an on-success or on-failure destination (the invocation record) or a function's
/// dead-letter queue (the event itself, with RequestID, ErrorCode and ErrorMessage attributes).
/// </summary>
public sealed class SqsRecordTarget(SqsQueueStore queues, SqsMessageStore messages) : IInvocationRecordTarget
{
    /// <summary>The sender of Lambda's messages (SenderId): the service, as AWS shows for messages a service sends.</summary>
    private const string SenderId = "lambda.amazonaws.com";

    public bool Handles(string arn) => arn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal);

    public string? Problem(string arn) => queues.FindByArn(arn) switch
    {
        null => "the queue does not exist",
        { IsFifo: true } => "FIFO queues are not supported as destinations of asynchronous invocations",
        _ => null,
    };

    public bool Send(CatalogConnection connection, string arn, byte[] body, IReadOnlyList<RecordAttribute> attributes, long nowMs)
    {
        if (queues.FindByArn(arn) is not { IsFifo: false } queue) return false;
        var messageAttributes = attributes.ToDictionary(attribute => attribute.Name,
            attribute => new SqsMessageAttributeValue(attribute.DataType, attribute.Value, null), StringComparer.Ordinal);
        messages.Enqueue(connection, queue, new SqsNewMessage(System.Text.Encoding.UTF8.GetString(body), messageAttributes, null, null, null, null),
            SenderId, nowMs);
        return true;
    }
}
