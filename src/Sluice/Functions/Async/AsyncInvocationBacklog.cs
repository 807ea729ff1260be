using Sluice.Queueing;

namespace Sluice.Functions.Async;

/// <summary>An invocation the dispatcher holds a lease on, with its payload, or the reference its payload is made from.</summary>
internal sealed record QueuedInvocation(
    QueueLease Lease, string RequestId, string FunctionName, long? PayloadReference, long EnqueuedAtMs, int Attempts)
{
    /// <summary>Null until made from <see cref="PayloadReference"/> (the dispatcher does that off the path that starts invocations).</summary>
    public byte[]? Payload { get; set; }
}

/// <summary>The dispatcher's lease on an invocation being enqueued; <paramref name="Committed"/> hands it over once its transaction commits.</summary>
internal sealed record EnqueueClaim(string Owner, long UntilMs, Action<QueuedInvocation, long> Committed);

/// <summary>A lease the backlog needs: up to <paramref name="MaxItems"/> of the function's visible invocations.</summary>
internal sealed record LeaseRequest(string FunctionName, int MaxItems);

/// <summary>
/// The dispatcher's cache of its leases: per function, the leased invocations that have not started (so that a
/// finishing invocation starts the next without a catalog round trip), and every lease it holds with its expiry, held
/// or running, so that it renews them before they end. The catalog has the truth: an invocation here is leased there,
/// so no other lease hands it out, and one whose completion is still on its way to disk stays leased until it lands.
/// A restart begins empty and leases again what is visible. Not thread-safe: the dispatcher serialises access.
/// </summary>
internal sealed class AsyncInvocationBacklog(int rowsPerFunction, long bytesPerFunction)
{
    private readonly Dictionary<string, FunctionBacklog> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (QueueLease Lease, long ExpiresAtMs)> _leases = [];

    public FunctionBacklog? Find(string functionName) => _functions.GetValueOrDefault(functionName);

    /// <summary>The backlog of a function that exists; a new one leases at once.</summary>
    public FunctionBacklog Known(string functionName)
    {
        if (!_functions.TryGetValue(functionName, out var backlog))
            _functions[functionName] = backlog = new FunctionBacklog(functionName);
        return backlog;
    }

    /// <summary>
    /// Drops what is held for functions that no longer exist (deleting a function deletes its queue) and leases for a
    /// function again when it exists again.
    /// </summary>
    public void Reconcile(Func<string, bool> exists)
    {
        foreach (var backlog in _functions.Values)
        {
            if (!exists(backlog.Name) && !backlog.Suspended)
                foreach (var row in backlog.Suspend()) Forget(row.Lease);
            else if (exists(backlog.Name) && backlog.Suspended)
                backlog.Resume();
        }
    }

    /// <summary>The leases that would fill each function with room up to its share, each marked as on its way.</summary>
    public List<LeaseRequest> LeasesNeeded(long nowMs)
    {
        var requests = new List<LeaseRequest>();
        foreach (var backlog in _functions.Values)
        {
            if (!NeedsLease(backlog, nowMs)) continue;
            backlog.Leasing = true;
            requests.Add(new LeaseRequest(backlog.Name, rowsPerFunction - backlog.Held));
        }
        return requests;
    }

    /// <summary>Holds an invocation claimed as it was enqueued (<see cref="AsyncInvocationQueue.ClaimOnEnqueue"/>); false when its function is gone.</summary>
    public bool Claimed(QueuedInvocation row, long expiresAtMs)
    {
        if (_functions.GetValueOrDefault(row.FunctionName) is not { Suspended: false } backlog)
            return false;
        backlog.Hold(row);
        _leases[row.Lease.ItemId] = (row.Lease, expiresAtMs);
        return true;
    }

    /// <summary>
    /// Whether the dispatcher takes a new invocation of the function as it is enqueued: it has room, and the queue has
    /// nothing older visible (which a lease hands out first, so that the order holds).
    /// </summary>
    public bool Claims(string functionName, long nowMs) =>
        _functions.GetValueOrDefault(functionName) is { Suspended: false } backlog
        && backlog.Held < rowsPerFunction && backlog.HeldBytes < bytesPerFunction && backlog.NextLeaseAtMs > nowMs;

    /// <summary>
    /// Keeps what a lease handed out, oldest first; a lease that filled its request leaves more to lease. Returns what the
    /// backlog will not run (its function was deleted meanwhile), for the caller to give back.
    /// </summary>
    public List<QueuedInvocation> Leased(LeaseRequest request, IReadOnlyList<QueuedInvocation> rows, long? nextVisibleAtMs, long expiresAtMs)
    {
        if (_functions.GetValueOrDefault(request.FunctionName) is not { } backlog)
            return [.. rows];
        backlog.Leasing = false;
        if (backlog.Suspended)
            return [.. rows];
        foreach (var row in rows)
        {
            backlog.Hold(row);
            _leases[row.Lease.ItemId] = (row.Lease, expiresAtMs);
        }
        backlog.LeasedUntil(more: rows.Count == request.MaxItems, nextVisibleAtMs);
        return [];
    }

    /// <summary>The lease did not happen; the function is leased for again on the next pass.</summary>
    public void LeaseFailed(LeaseRequest request)
    {
        if (_functions.GetValueOrDefault(request.FunctionName) is { } backlog)
            backlog.Leasing = false;
    }

    /// <summary>Held invocations whose payload is still to be made from its reference.</summary>
    public List<QueuedInvocation> WithoutPayload() =>
        [.. _functions.Values.Where(b => !b.Suspended).SelectMany(b => b.WithoutPayload())];

    /// <summary>Functions holding invocations that may start.</summary>
    public IEnumerable<FunctionBacklog> Due() => _functions.Values.Where(backlog => backlog.HasReady && !backlog.Suspended);

    /// <summary>When the earliest lease is due for a function with room, or null when none is.</summary>
    public long? NextLeaseAt() =>
        _functions.Values.Where(b => !b.Suspended && !b.Leasing && b.HasRoom(rowsPerFunction, bytesPerFunction) && b.NextLeaseAtMs != long.MaxValue)
            .Select(b => (long?)b.NextLeaseAtMs).Min();

    /// <summary>Whether some function has room and may have something to lease now.</summary>
    public bool WantsLease(long nowMs) => _functions.Values.Any(backlog => NeedsLease(backlog, nowMs));

    /// <summary>Every function may have something to lease (a sweep for what no hint announced, such as another node's expired leases).</summary>
    public void AllDue()
    {
        foreach (var backlog in _functions.Values)
            backlog.LeaseDue(0);
    }

    /// <summary>The lease ends here: its invocation's outcome is on its way to the catalog (or it was given back).</summary>
    public void Forget(QueueLease lease) => _leases.Remove(lease.ItemId);

    /// <summary>Leases held that expire before <paramref name="beforeMs"/>: to renew.</summary>
    public List<QueueLease> Expiring(long beforeMs) =>
        [.. _leases.Values.Where(held => held.ExpiresAtMs < beforeMs).Select(held => held.Lease)];

    public void Renewed(IEnumerable<QueueLease> leases, long expiresAtMs)
    {
        foreach (var lease in leases)
        {
            if (_leases.ContainsKey(lease.ItemId))
                _leases[lease.ItemId] = (lease, expiresAtMs);
        }
    }

    /// <summary>Every invocation held and not started, taken out (to give back at shutdown).</summary>
    public List<QueuedInvocation> TakeAllHeld()
    {
        var rows = _functions.Values.SelectMany(backlog => backlog.TakeAll()).ToList();
        foreach (var row in rows) Forget(row.Lease);
        return rows;
    }

    private bool NeedsLease(FunctionBacklog backlog, long nowMs) =>
        !backlog.Suspended && !backlog.Leasing && backlog.NextLeaseAtMs <= nowMs && backlog.HasRoom(rowsPerFunction, bytesPerFunction);
}
