namespace Sluice.Events;

public enum DestinationKind { Function, Queue, Topic }

/// <summary>One entry of a bucket's notification configuration: which events, which keys, where to.</summary>
public sealed record NotificationRule(
    string Id,
    DestinationKind Kind,
    string DestinationArn,
    IReadOnlyList<string> Events,
    string? Prefix,
    string? Suffix)
{
    public bool Matches(S3EventName eventName, string key) =>
        Events.Any(configured => S3EventNames.Expand(configured)?.Contains(eventName) == true)
        && (Prefix is null || key.StartsWith(Prefix, StringComparison.Ordinal))
        && (Suffix is null || key.EndsWith(Suffix, StringComparison.Ordinal));
}

/// <summary>A bucket's whole notification configuration; PutBucketNotificationConfiguration replaces it.</summary>
public sealed record NotificationConfiguration(IReadOnlyList<NotificationRule> Rules, bool EventBridge)
{
    public static NotificationConfiguration Empty { get; } = new([], false);

    public IEnumerable<NotificationRule> Matching(S3EventName eventName, string key) =>
        Rules.Where(rule => rule.Matches(eventName, key));
}
