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
    string? LastError, long LeaseExpiresAtMs);

/// <summary>Where one item stands, found by its key.</summary>
/// <param name="VisibleAtMs">When it may next be handed out: its retry time, or, while leased, the lease's expiry.</param>
public sealed record QueueItemState(
    string Queue, string Key, long EnqueuedAtMs, long VisibleAtMs, bool Leased, int Leases, int Attempts, string? LastError);

/// <summary>One queue's size: its items (visible, leased or waiting for a retry) and the age of the oldest.</summary>
public sealed record QueueStats(string Queue, long Depth, long OldestAgeMs);
