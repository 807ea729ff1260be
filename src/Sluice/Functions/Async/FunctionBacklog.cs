namespace Sluice.Functions.Async;

/// <summary>One function's leased invocations that have not started, oldest first, and what the dispatcher knows of its queue.</summary>
internal sealed class FunctionBacklog(string name)
{
    private readonly PriorityQueue<QueuedInvocation, long> _held = new();

    public string Name { get; } = name;

    /// <summary>When the queue may next have something to lease: 0 now, <see cref="long.MaxValue"/> when nothing is known to come.</summary>
    public long NextLeaseAtMs { get; private set; }

    /// <summary>A lease for this function is on its way to the catalog.</summary>
    public bool Leasing { get; set; }

    /// <summary>The function does not exist: nothing is held or leased until it does.</summary>
    public bool Suspended { get; private set; }

    /// <summary>Invocations started and not yet finished.</summary>
    public int InFlight { get; set; }

    public int Held => _held.Count;
    public long HeldBytes { get; private set; }
    public bool HasReady => _held.Count > 0;

    /// <summary>Holds a leased invocation until it starts; an older one (a retry leased again) goes ahead of newer ones.</summary>
    public void Hold(QueuedInvocation row)
    {
        HeldBytes += InlineBytes(row);
        _held.Enqueue(row, row.Lease.ItemId);
    }

    public bool TryPeek(out QueuedInvocation row) => _held.TryPeek(out row!, out _);

    public QueuedInvocation Take()
    {
        var row = _held.Dequeue();
        HeldBytes -= InlineBytes(row);
        return row;
    }

    public IEnumerable<QueuedInvocation> WithoutPayload() =>
        _held.UnorderedItems.Select(held => held.Element).Where(row => row.Payload is null);

    /// <summary>Payloads made from a reference are not counted: they are made shortly before the invocation starts.</summary>
    private static int InlineBytes(QueuedInvocation row) => row.PayloadReference is null ? row.Payload?.Length ?? 0 : 0;

    /// <summary>Something may become leasable at <paramref name="atMs"/> (an enqueue, a retry's time, an expiring lease).</summary>
    public void LeaseDue(long atMs) => NextLeaseAtMs = Math.Min(NextLeaseAtMs, atMs);

    /// <summary>What the last lease found: more may be visible now, or the next item becomes visible then (or never, null).</summary>
    public void LeasedUntil(bool more, long? nextVisibleAtMs) => NextLeaseAtMs = more ? 0 : nextVisibleAtMs ?? long.MaxValue;

    /// <summary>Below half its share: leasing more before it runs dry lets a finishing invocation start the next at once.</summary>
    public bool HasRoom(int rowsPerFunction, long bytesPerFunction) => Held < rowsPerFunction / 2 && HeldBytes < bytesPerFunction / 2;

    /// <summary>Drops the held invocations (the function was deleted, and its queue with it).</summary>
    public List<QueuedInvocation> Suspend()
    {
        var dropped = TakeAll();
        Suspended = true;
        return dropped;
    }

    public void Resume()
    {
        Suspended = false;
        NextLeaseAtMs = 0;
    }

    public List<QueuedInvocation> TakeAll()
    {
        var rows = new List<QueuedInvocation>(_held.Count);
        while (_held.TryDequeue(out var row, out _))
            rows.Add(row);
        HeldBytes = 0;
        return rows;
    }
}
