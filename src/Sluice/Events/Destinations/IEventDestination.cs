using Sluice.Catalog;

namespace Sluice.Events.Destinations;

/// <summary>A delivery about to be queued: its id, logged with the event, and the destination's own name for its target.</summary>
public readonly record struct Delivery(string Id, string Target);

/// <summary>
/// One kind of notification destination (a function now; queues, topics and the bus as they are served): checks a
/// rule's destination and hands an event to the destination's own durable queue inside the write's transaction.
/// </summary>
public interface IEventDestination
{
    DestinationKind Kind { get; }

    /// <summary>Why the rule's destination cannot receive events now (PutBucketNotificationConfiguration's check), or null.</summary>
    string? Problem(NotificationRule rule);

    /// <summary>Where the rule's event goes now (a new delivery id and its target), or null with why it cannot be delivered.</summary>
    (Delivery? To, string? Undeliverable) Prepare(NotificationRule rule);

    /// <summary>
    /// What the destination gets, inside the transaction that sets a configuration with this rule: S3 sends queues and
    /// topics an <c>s3:TestEvent</c> message; functions get nothing.
    /// </summary>
    void Configured(CatalogConnection connection, NotificationRule rule, string bucket, DateTimeOffset at);

    /// <summary>Queues the logged event <paramref name="eventId"/> for a prepared delivery, inside the caller's transaction.</summary>
    void Enqueue(CatalogConnection connection, Delivery delivery, long eventId, DateTimeOffset at);

    /// <summary>Where a queued delivery stands, or null once it has left the destination's queue.</summary>
    PendingDelivery? Pending(CatalogConnection connection, string deliveryId);

    /// <summary>How a delivery that left the queue ended: delivered, or failed with why.</summary>
    (EventStatus Status, string? Reason) Outcome(CatalogConnection connection, string deliveryId);

    /// <summary>
    /// Makes a queued delivery's next attempt due at <paramref name="now"/>; returns what to run after the commit (waking
    /// the dispatcher with it), or null when the delivery has left the queue.
    /// </summary>
    Action? RetryNow(CatalogConnection connection, string deliveryId, DateTimeOffset now);

    /// <summary>Wakes the destination's dispatcher once the transaction that queued work is durable.</summary>
    void Wake();
}
