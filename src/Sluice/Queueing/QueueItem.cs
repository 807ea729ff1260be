namespace Sluice.Queueing;

/// <summary>
/// The right to finish one item: its row and the token of the lease that handed it out. A later lease of the same item
/// gets another token, so a holder whose lease expired cannot complete what someone else now holds (SQS receipt handle).
/// </summary>
public readonly record struct QueueLease(long ItemId, long Token);

/// <summary>An item handed out by <see cref="LeasedQueue.Lease"/>, invisible to other leases until <paramref name="LeaseExpiresAtMs"/>.</summary>
/// <param name="Leases">Times it was handed out, this lease included.</param>
/// <param name="Attempts">Times it was released for a retry.</param>
public sealed record QueueItem(
    QueueLease Lease, string Key, byte[]? Payload, long? PayloadReference, long EnqueuedAtMs, int Leases, int Attempts,
    string? LastError, long LeaseExpiresAtMs)
{
    /// <summary>The group it keeps its order in, when enqueued with one.</summary>
    public string? Group { get; init; }

    /// <summary>When it was first handed out (this lease, for a first lease).</summary>
    public long FirstLeasedAtMs { get; init; }

    /// <summary>The queue it was dead-lettered from, while it sits in a dead-letter queue.</summary>
    public string? DeadLetterSource { get; init; }
}

/// <summary>Where a lease stands (see <see cref="LeasedQueue.Standing"/>).</summary>
public enum LeaseStanding
{
    /// <summary>The lease is the item's and has not expired.</summary>
    Held,

    /// <summary>The lease is the item's but has expired: the item is visible, and nobody has leased it since.</summary>
    Expired,

    /// <summary>The item was leased again, completed or moved: this lease can do nothing more.</summary>
    Lost,
}

/// <summary>A visible item as a redrive sees it: its row, key and the queue it was dead-lettered from.</summary>
public sealed record QueuedItem(long ItemId, string Key, string? DeadLetterSource);

/// <summary>A queue's items by where they stand: visible, under an unexpired lease, waiting for their time.</summary>
public sealed record QueueCounts(long Visible, long Leased, long Waiting);

/// <summary>Where one item stands, found by its key.</summary>
/// <param name="VisibleAtMs">When it may next be handed out: its retry time, or, while leased, the lease's expiry.</param>
public sealed record QueueItemState(
    string Queue, string Key, long EnqueuedAtMs, long VisibleAtMs, bool Leased, int Leases, int Attempts, string? LastError);

/// <summary>One queue's size: its items (visible, leased or waiting for a retry) and the age of the oldest.</summary>
public sealed record QueueStats(string Queue, long Depth, long OldestAgeMs);
