namespace Sluice.Sqs.Queues;

/// <summary>
/// A queue's definition as the catalog holds it (<see cref="SqsQueueStore"/> caches it in memory). The settable
/// attributes are kept as SQS renders them (<see cref="Attributes"/>); the typed members are read from them once.
/// </summary>
public sealed record SqsQueue
{
    public const string LeasedQueuePrefix = "sqs:";

    public required string Name { get; init; }
    public required string Arn { get; init; }

    /// <summary>The settable attributes with their values, defaults included, as GetQueueAttributes returns them.</summary>
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    public required IReadOnlyDictionary<string, string> Tags { get; init; }
    public required long CreatedTimestamp { get; init; }
    public required long LastModifiedTimestamp { get; init; }

    public bool IsFifo => Name.EndsWith(SqsQueueNames.FifoSuffix, StringComparison.Ordinal);
    public int VisibilityTimeoutSeconds => Int(SqsQueueAttributes.VisibilityTimeout);
    public int DelaySeconds => Int(SqsQueueAttributes.DelaySeconds);
    public int ReceiveMessageWaitTimeSeconds => Int(SqsQueueAttributes.ReceiveMessageWaitTimeSeconds);
    public int MaximumMessageSize => Int(SqsQueueAttributes.MaximumMessageSize);
    public int MessageRetentionPeriodSeconds => Int(SqsQueueAttributes.MessageRetentionPeriod);
    public bool ContentBasedDeduplication => Attributes.TryGetValue(SqsQueueAttributes.ContentBasedDeduplication, out var on) && on == "true";

    /// <summary>True when a FIFO queue deduplicates within each message group instead of across the queue.</summary>
    public bool DeduplicatesPerGroup => Attributes.TryGetValue(SqsQueueAttributes.DeduplicationScope, out var scope) && scope == "messageGroup";

    public RedrivePolicy? Redrive { get; init; }
    public RedriveAllowPolicy? RedriveAllow { get; init; }

    public string? DeadLetterTargetArn => Redrive?.DeadLetterTargetArn;
    public int? MaxReceiveCount => Redrive?.MaxReceiveCount;

    /// <summary>The queue's name in the durable leased queue (<c>queue_items.queue</c>).</summary>
    public string LeasedQueueName => LeasedQueuePrefix + Name;

    private int Int(string attribute) => int.Parse(Attributes[attribute], System.Globalization.CultureInfo.InvariantCulture);
}
