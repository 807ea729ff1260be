using System.Globalization;

namespace Sluice.Sqs.Queues;

/// <summary>
/// The queue attributes SQS defines: which are settable, for which queue type, their defaults and ranges. Values are
/// kept as SQS renders them ("30", "true", a policy's JSON), so that GetQueueAttributes returns them as stored.
/// </summary>
public static class SqsQueueAttributes
{
    public const string All = "All";
    public const string DelaySeconds = "DelaySeconds";
    public const string MaximumMessageSize = "MaximumMessageSize";
    public const string MessageRetentionPeriod = "MessageRetentionPeriod";
    public const string ReceiveMessageWaitTimeSeconds = "ReceiveMessageWaitTimeSeconds";
    public const string VisibilityTimeout = "VisibilityTimeout";
    public const string FifoQueue = "FifoQueue";
    public const string ContentBasedDeduplication = "ContentBasedDeduplication";
    public const string DeduplicationScope = "DeduplicationScope";
    public const string FifoThroughputLimit = "FifoThroughputLimit";
    public const string QueueArn = "QueueArn";
    public const string ApproximateNumberOfMessages = "ApproximateNumberOfMessages";
    public const string ApproximateNumberOfMessagesNotVisible = "ApproximateNumberOfMessagesNotVisible";
    public const string ApproximateNumberOfMessagesDelayed = "ApproximateNumberOfMessagesDelayed";
    public const string CreatedTimestamp = "CreatedTimestamp";
    public const string LastModifiedTimestamp = "LastModifiedTimestamp";

    private enum Applies { Both, FifoOnly }

    /// <summary>A settable attribute: its default (null: absent until set), which queues have it, and its check.</summary>
    private sealed record Rule(string? Default, Applies AppliesTo, Func<string, string?> Canonical, bool CreateOnly = false);

    private static readonly Dictionary<string, Rule> Settable = new(StringComparer.Ordinal)
    {
        [DelaySeconds] = new("0", Applies.Both, value => IntIn(value, 0, 900)),
        [MaximumMessageSize] = new("1048576", Applies.Both, value => IntIn(value, 1024, 1_048_576)),
        [MessageRetentionPeriod] = new("345600", Applies.Both, value => IntIn(value, 60, 1_209_600)),
        [ReceiveMessageWaitTimeSeconds] = new("0", Applies.Both, value => IntIn(value, 0, 20)),
        [VisibilityTimeout] = new("30", Applies.Both, value => IntIn(value, 0, 43_200)),
        [RedrivePolicy.Attribute] = new(null, Applies.Both, value => value.Length == 0 ? "" : RedrivePolicy.Parse(value).ToJson()),
        [RedriveAllowPolicy.Attribute] = new(null, Applies.Both, value => value.Length == 0 ? "" : RedriveAllowPolicy.Parse(value).ToJson()),
        [FifoQueue] = new("true", Applies.FifoOnly, value => Bool(value) == "true" ? "true" : null, CreateOnly: true),
        [ContentBasedDeduplication] = new("false", Applies.FifoOnly, Bool),
        [DeduplicationScope] = new("queue", Applies.FifoOnly, value => value is "queue" or "messageGroup" ? value : null),
        [FifoThroughputLimit] = new("perQueue", Applies.FifoOnly, value => value is "perQueue" or "perMessageGroupId" ? value : null),
    };

    private static readonly string[] ReadOnly =
    [
        QueueArn, ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible, ApproximateNumberOfMessagesDelayed,
        CreatedTimestamp, LastModifiedTimestamp,
    ];

    /// <summary>Every attribute name GetQueueAttributes knows, settable and read-only.</summary>
    public static bool IsKnown(string name) => Settable.ContainsKey(name) || ReadOnly.Contains(name, StringComparer.Ordinal);

    /// <summary>Whether a queue of this type has the attribute (FIFO-only attributes are absent from standard queues).</summary>
    public static bool AppliesTo(string name, bool fifo) =>
        !Settable.TryGetValue(name, out var rule) || rule.AppliesTo == Applies.Both || fifo;

    /// <summary>The attributes a new queue of this type starts with.</summary>
    public static Dictionary<string, string> Defaults(bool fifo)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, rule) in Settable)
        {
            if (rule.Default is { } value && (rule.AppliesTo == Applies.Both || fifo))
                defaults[name] = value;
        }
        return defaults;
    }

    /// <summary>
    /// Checks requested attributes for a queue of this type and returns them as stored (an empty policy removes it).
    /// Unknown, read-only or other-type names get InvalidAttributeName; values out of range InvalidAttributeValue.
    /// </summary>
    public static Dictionary<string, string> Validate(IReadOnlyDictionary<string, string> requested, bool fifo, bool creating)
    {
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in requested)
        {
            if (!Settable.TryGetValue(name, out var rule) || (rule.AppliesTo == Applies.FifoOnly && !fifo))
                throw SqsErrors.UnknownAttribute(name);
            if (rule.CreateOnly && !creating)
                throw SqsErrors.InvalidAttributeValue.With($"Invalid value for the parameter {name}. Reason: it can be set only when the queue is created.");
            canonical[name] = rule.Canonical(value) ?? throw SqsErrors.InvalidAttribute(name);
        }
        return canonical;
    }

    /// <summary>High throughput needs both settings: per-group throughput counts only with per-group deduplication.</summary>
    public static void CheckFifoCombination(IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.GetValueOrDefault(FifoThroughputLimit) == "perMessageGroupId"
            && attributes.GetValueOrDefault(DeduplicationScope) != "messageGroup")
            throw SqsErrors.InvalidAttributeValue.With(
                $"Invalid value for the parameter {FifoThroughputLimit}. Reason: perMessageGroupId requires {DeduplicationScope} messageGroup.");
    }

    private static string? IntIn(string value, int min, int max) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number.ToString(CultureInfo.InvariantCulture)
            : null;

    private static string? Bool(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) ? "true"
        : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? "false"
        : null;
}
