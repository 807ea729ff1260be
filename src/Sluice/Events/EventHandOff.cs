using Microsoft.Data.Sqlite;
using Sluice.Functions;

namespace Sluice.Events;

/// <summary>
/// Turns a committed change into events, inside the transaction of the change itself (DESIGN §4):
/// each matching rule's destination gets a row in its own durable queue, and the event log records
/// what was produced and why. An acknowledged write therefore always has its
/// events, and a write that fails or rolls back never does.
/// </summary>
public sealed class EventHandOff(NotificationStore notifications, FunctionRegistry functions, AsyncInvocationQueue invocations)
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

    /// <summary>
    /// Logs the change's event for one rule's destination and, for a function that exists, queues its invocation;
    /// returns true when it was queued. The queue row refers to the log row, whose fields the invocation's S3 event
    /// message is made of when the dispatcher reads it (<see cref="S3EventPayloads"/>): the upload writes them once.
    /// </summary>
    public bool HandOff(SqliteConnection connection, ObjectChange change, NotificationRule rule)
    {
        var (to, status) = Assign(rule);
        var eventId = EventLog.Insert(connection, change, rule, to?.InvocationId, status);
        if (to is not { } delivery) return false;
        Enqueue(connection, delivery, eventId, change.Time);
        return true;
    }

    /// <summary>Wakes the dispatchers once the transaction that queued work is durable.</summary>
    public void AfterCommit(bool queued)
    {
        if (queued) invocations.Wake();
    }

    /// <summary>Queues a logged event again, as enqueued at <paramref name="now"/> (re-delivery of an undeliverable event); returns where it went.</summary>
    public (string? InvocationId, string Status) Redeliver(SqliteConnection connection, long eventId, NotificationRule rule, DateTimeOffset now)
    {
        var (to, status) = Assign(rule);
        EventLog.SetDelivery(connection, eventId, to?.InvocationId, status);
        if (to is { } delivery) Enqueue(connection, delivery, eventId, now);
        return (to?.InvocationId, status);
    }

    /// <summary>The answer to a re-delivery of an event still queued: its next attempt starts now, not a second delivery.</summary>
    public const string StatusDueNow = "queued: next attempt due now";

    /// <summary>
    /// Brings the next attempt of an event still in its function's queue (a retry waiting for its delay) forward to
    /// <paramref name="now"/>; call <see cref="AfterDueNow"/> once the transaction is durable.
    /// </summary>
    public static void DueNow(SqliteConnection connection, PendingInvocation pending, DateTimeOffset now) =>
        AsyncInvocationQueue.MakeDueNow(connection, pending.InvocationId, now.ToUnixTimeMilliseconds());

    public void AfterDueNow(PendingInvocation pending) => invocations.WakeDueNow(pending.FunctionName, pending.InvocationId);

    /// <summary>A function that exists, and the new invocation that carries the event to it.</summary>
    private readonly record struct Delivery(string Function, string InvocationId);

    /// <summary>Where the rule's event goes now, or null with why it cannot be delivered.</summary>
    private (Delivery? To, string Status) Assign(NotificationRule rule)
    {
        if (rule.Kind != DestinationKind.Function)
            return (null, $"undeliverable: {rule.Kind.ToString().ToLowerInvariant()} destinations are not available yet");
        var name = LambdaArns.FunctionName(rule.DestinationArn);
        if (name is null || functions.Find(name) is null)
            return (null, $"undeliverable: function {name ?? rule.DestinationArn} does not exist");
        return (new Delivery(name, AsyncInvocationQueue.NewRequestId()), StatusQueued);
    }

    private void Enqueue(SqliteConnection connection, Delivery delivery, long eventId, DateTimeOffset enqueuedAt) =>
        invocations.EnqueueReference(connection, delivery.Function, eventId, enqueuedAt.ToUnixTimeMilliseconds(), delivery.InvocationId);

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
