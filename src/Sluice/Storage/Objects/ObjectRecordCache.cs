using System.Collections.Concurrent;

namespace Sluice.Storage.Objects;

/// <summary>
/// Recently read object records (small bodies included), so that a GET or HEAD of a hot object skips the catalog
/// query: on a 1 KiB GET that query, with its SQLite locks and row decoding, was the largest cost after the network.
/// Stays correct beside writes without locks: a write removes its key once its commit is durable, before it is
/// acknowledged; a read may only add what it read if no write to a key of its stripe finished meanwhile (the
/// stripe's version is unchanged), and checks again after adding, because such a write's removal may have come
/// first. So a record read before a write can never outlive that write in the cache.
/// </summary>
public sealed class ObjectRecordCache(long budgetBytes)
{
    /// <summary>What a cached record is counted as beyond its strings and inline body: the record, its dictionaries, the entry.</summary>
    private const int EntryOverheadBytes = 512;
    private const int Stripes = 64;

    private readonly ConcurrentDictionary<(string Bucket, string Key), ObjectRecord> _records = new();
    private readonly long[] _versions = new long[Stripes];
    private long _bytes;

    /// <summary>What a read needs to offer its record afterwards: the key and its stripe's version before the read.</summary>
    public readonly record struct ReadTicket(string Bucket, string Key, long Version);

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Count => _records.Count;

    public bool TryGet(string bucket, string key, out ObjectRecord record) => _records.TryGetValue((bucket, key), out record!);

    /// <summary>Call before reading the catalog; pass the ticket to <see cref="Offer"/> with what was read.</summary>
    public ReadTicket BeginRead(string bucket, string key) => new(bucket, key, Volatile.Read(ref _versions[Stripe(bucket, key)]));

    /// <summary>Keeps what a read found, unless a write to its stripe finished since the read began.</summary>
    public void Offer(ReadTicket ticket, ObjectRecord record)
    {
        var stripe = Stripe(ticket.Bucket, ticket.Key);
        if (Volatile.Read(ref _versions[stripe]) != ticket.Version) return;
        var entry = new KeyValuePair<(string, string), ObjectRecord>((ticket.Bucket, ticket.Key), record);
        if (!_records.TryAdd(entry.Key, record)) return;
        Interlocked.Add(ref _bytes, Cost(record));
        if (Volatile.Read(ref _versions[stripe]) != ticket.Version)
            Remove(entry);
        else if (Interlocked.Read(ref _bytes) > budgetBytes)
            EvictDownTo(budgetBytes * 3 / 4);
    }

    /// <summary>Forgets the key; call once a write to it is durable and before it is acknowledged.</summary>
    public void Invalidate(string bucket, string key)
    {
        Interlocked.Increment(ref _versions[Stripe(bucket, key)]);
        if (_records.TryRemove((bucket, key), out var removed))
            Interlocked.Add(ref _bytes, -Cost(removed));
    }

    private void Remove(KeyValuePair<(string, string), ObjectRecord> entry)
    {
        if (_records.TryRemove(entry))
            Interlocked.Add(ref _bytes, -Cost(entry.Value));
    }

    /// <summary>Drops entries in the dictionary's own order, which has nothing to do with age: a cheap random eviction.</summary>
    private void EvictDownTo(long target)
    {
        foreach (var entry in _records)
        {
            if (Interlocked.Read(ref _bytes) <= target) return;
            Remove(entry);
        }
    }

    private static int Stripe(string bucket, string key) => (int)((uint)HashCode.Combine(bucket, key) % Stripes);

    private static long Cost(ObjectRecord record) =>
        EntryOverheadBytes + 2L * (record.Bucket.Length + record.Key.Length) + (record.InlineBody?.Length ?? 0);
}
