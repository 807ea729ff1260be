using Microsoft.Data.Sqlite;
using Sluice.Functions;
using Sluice.Hosting;

namespace Sluice.Events;

/// <summary>
/// Turns a committed change into events, inside the transaction of the change itself (DESIGN §4):
/// each matching rule's destination gets the S3 event message as a row of its own durable queue, and
/// the event log records what was produced and why. An acknowledged write therefore always has its
/// events, and a write that fails or rolls back never does.
/// </summary>
public sealed class EventHandOff(NotificationStore notifications, FunctionRegistry functions, AsyncInvocationQueue invocations, SluiceOptions options)
{
    public const string StatusQueued = "queued";
    public const string StatusUnmatched = "no configuration matched";

    /// <summary>Shown for a queued event whose invocation succeeded.</summary>
    public const string StatusDelivered = "delivered";

    /// <summary>Shown for a queued event whose invocation left the queue with no attempt on record (function deleted, history pruned).</summary>
    public const string StatusLeftQueue = "left the queue";

    /// <summary>Records the change's events; returns true when work was queued (call <see cref="AfterCommit"/>).</summary>
    public bool Record(SqliteConnection connection, ObjectChange change)
    {
        var configuration = notifications.Get(connection, change.Bucket);
        if (configuration.Rules.Count == 0) return false;

        var matching = configuration.Matching(change.EventName, change.Key).ToList();
        if (matching.Count == 0)
        {
            EventLog.Insert(connection, change, rule: null, invocationId: null, StatusUnmatched);
            return false;
        }
        var queued = false;
        foreach (var rule in matching)
            queued |= HandOff(connection, change, rule);
        return queued;
    }

    /// <summary>Sends the change's event to one rule's destination and logs it; returns true when work was queued.</summary>
    public bool HandOff(SqliteConnection connection, ObjectChange change, NotificationRule rule)
    {
        var (invocationId, status) = Deliver(connection, rule, change, change.Time);
        EventLog.Insert(connection, change, rule, invocationId, status);
        return invocationId is not null;
    }

    /// <summary>Wakes the dispatchers once the transaction that queued work is durable.</summary>
    public void AfterCommit(bool queued)
    {
        if (queued) invocations.Wake();
    }

    /// <summary>
    /// Queues the change's S3 event message for the rule's destination, as enqueued at <paramref name="now"/>; also how a
    /// stored event is handed to its destination again (re-delivery of an undeliverable event).
    /// </summary>
    public (string? InvocationId, string Status) Deliver(SqliteConnection connection, NotificationRule rule, ObjectChange change, DateTimeOffset now)
    {
        if (rule.Kind != DestinationKind.Function)
            return (null, $"undeliverable: {rule.Kind.ToString().ToLowerInvariant()} destinations are not available yet");
        var name = LambdaArns.FunctionName(rule.DestinationArn);
        if (name is null || functions.Find(name) is null)
            return (null, $"undeliverable: function {name ?? rule.DestinationArn} does not exist");
        var payload = S3EventMessage.Create(change, rule.Id, options.Region, options.AccountId);
        return (invocations.Enqueue(connection, name, payload, now.ToUnixTimeMilliseconds()), StatusQueued);
    }

    /// <summary>Why a destination cannot receive events now, or null (PutBucketNotificationConfiguration's check).</summary>
    public string? DestinationProblem(NotificationRule rule) => rule.Kind switch
    {
        DestinationKind.Function => LambdaArns.FunctionName(rule.DestinationArn) is not { } name
            ? "The ARN could not be parsed"
            : functions.Find(name) is null ? "The destination Lambda does not exist" : null,
        DestinationKind.Queue => "The destination queue does not exist",
        _ => "The destination topic does not exist",
    };
}
