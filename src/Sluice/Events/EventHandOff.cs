using Sluice.Catalog;
using Sluice.Events.Destinations;

namespace Sluice.Events;

/// <summary>
/// Turns a committed change into events, inside the transaction of the change itself (DESIGN §4):
/// each matching rule's destination gets a row in its own durable queue, and the event log records
/// what was produced and why. An acknowledged write therefore always has its
/// events, and a write that fails or rolls back never does.
/// </summary>
public sealed class EventHandOff(NotificationStore notifications, IEnumerable<IEventDestination> destinations)
{
    private readonly Dictionary<DestinationKind, IEventDestination> _destinations = destinations.ToDictionary(destination => destination.Kind);

    /// <summary>Records the change's events; returns true when work was queued (call <see cref="AfterCommit"/>).</summary>
    public bool Record(CatalogConnection connection, ObjectChange change)
    {
        var configuration = notifications.Get(connection, change.Bucket);
        if (configuration.Rules.Count == 0) return false;

        var matching = configuration.Matching(change.EventName, change.Key).ToList();
        if (matching.Count == 0)
        {
            EventLog.Insert(connection, change, rule: null, deliveryId: null, EventStatus.MatchedNone, reason: null);
            return false;
        }
        var queued = false;
        foreach (var rule in matching)
            queued |= HandOff(connection, change, rule);
        return queued;
    }

    /// <summary>Logs the change's event for one rule's destination and queues it there; returns true when it was queued.</summary>
    public bool HandOff(CatalogConnection connection, ObjectChange change, NotificationRule rule)
    {
        var (destination, to, undeliverable) = Prepare(rule);
        var eventId = EventLog.Insert(connection, change, rule, to?.Id, to is null ? EventStatus.Undeliverable : EventStatus.Queued, undeliverable);
        if (to is not { } delivery) return false;
        destination!.Enqueue(connection, delivery, eventId, change.Time);
        return true;
    }

    /// <summary>Wakes the dispatchers once the transaction that queued work is durable.</summary>
    public void AfterCommit(bool queued)
    {
        if (!queued) return;
        foreach (var destination in _destinations.Values) destination.Wake();
    }

    /// <summary>Queues a logged event again, as enqueued at <paramref name="now"/> (re-delivery of an undeliverable event); returns where it went.</summary>
    public (string? DeliveryId, EventStatus Status, string? Reason) Redeliver(CatalogConnection connection, long eventId, NotificationRule rule, DateTimeOffset now)
    {
        var (destination, to, undeliverable) = Prepare(rule);
        var status = to is null ? EventStatus.Undeliverable : EventStatus.Queued;
        EventLog.SetDelivery(connection, eventId, to?.Id, status, undeliverable);
        if (to is { } delivery) destination!.Enqueue(connection, delivery, eventId, now);
        return (to?.Id, status, undeliverable);
    }

    /// <summary>
    /// Brings the next attempt of a delivery still in its destination's queue (a retry waiting for its delay) forward to
    /// <paramref name="now"/> instead of making a second delivery; returns what to run once the transaction is durable,
    /// or null when the delivery is no longer queued.
    /// </summary>
    public Action? RetryNow(CatalogConnection connection, DestinationKind kind, string deliveryId, DateTimeOffset now) =>
        _destinations.TryGetValue(kind, out var destination) ? destination.RetryNow(connection, deliveryId, now) : null;

    /// <summary>Tells each rule's destination, inside the transaction that sets the configuration, that it was configured (S3's test events).</summary>
    public void Configured(CatalogConnection connection, string bucket, NotificationConfiguration configuration, DateTimeOffset at)
    {
        foreach (var rule in configuration.Rules)
        {
            if (_destinations.TryGetValue(rule.Kind, out var destination))
                destination.Configured(connection, rule, bucket, at);
        }
    }

    /// <summary>Why a destination cannot receive events now, or null (PutBucketNotificationConfiguration's check).</summary>
    public string? DestinationProblem(NotificationRule rule) =>
        _destinations.TryGetValue(rule.Kind, out var destination) ? destination.Problem(rule) : NotServed(rule.Kind);

    /// <summary>Whether a queued delivery still waits or runs in its destination's queue.</summary>
    public bool DeliveryPending(CatalogConnection connection, DestinationKind kind, string deliveryId) =>
        _destinations.TryGetValue(kind, out var destination) && destination.Pending(connection, deliveryId) is not null;

    /// <summary>Where a logged event stands now: the log's own status, or, for a queued one, how its delivery went.</summary>
    public (EventStatus Status, string? Reason, PendingDelivery? Pending) Standing(CatalogConnection connection, EventLogEntry entry)
    {
        if (entry.Status != EventStatus.Queued || entry.InvocationId is not { } deliveryId
            || entry.Kind is not { } kind || !_destinations.TryGetValue(kind, out var destination))
            return (entry.Status, entry.Reason, null);
        if (destination.Pending(connection, deliveryId) is { } pending)
            return (EventStatus.Queued, pending.LastError, pending);
        var (status, reason) = destination.Outcome(connection, deliveryId);
        return (status, reason, null);
    }

    private (IEventDestination? Destination, Delivery? To, string? Undeliverable) Prepare(NotificationRule rule)
    {
        if (!_destinations.TryGetValue(rule.Kind, out var destination))
            return (null, null, $"{rule.Kind.ToString().ToLowerInvariant()} destinations are not served yet");
        var (to, undeliverable) = destination.Prepare(rule);
        return (destination, to, undeliverable);
    }

    private static string NotServed(DestinationKind kind) => kind switch
    {
        DestinationKind.Queue => "The destination queue does not exist",
        _ => "The destination topic does not exist",
    };
}
