using Sluice.Catalog;
using Sluice.Queueing;

namespace Sluice.Functions.Async;

// The dispatcher's side of the leased queue: leasing what each function has room for, renewing what it holds, giving
// back what it never started.
public sealed partial class AsyncInvocationDispatcher
{
    /// <summary>
    /// Leases, for every function with room, what its queue has visible, in one catalog write that commits at once
    /// without an fsync (a lease lost in a crash only leaves its invocations visible again). New invocations mostly
    /// arrive claimed (<see cref="TryClaim"/>); this leases the rest: a backlog beyond the share, retries, what was
    /// leased before a restart, another node's expired leases.
    /// </summary>
    private async Task LeaseAsync()
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var enqueuedTo = _queue.TakeEnqueuedTo();
        List<LeaseRequest> requests;
        lock (_gate)
        {
            if (nowMs >= _nextSweepMs)
            {
                // What no hint announces (functions created after work was queued for them, another node's work) is found here.
                _nextSweepMs = nowMs + _leaseMs;
                foreach (var function in _registry.All())
                    _backlog.Known(function.Definition.Name);
                _backlog.AllDue();
            }
            foreach (var name in enqueuedTo)
            {
                if (_registry.Find(name) is not null)
                    _backlog.Known(name).LeaseDue(0);
            }
            _backlog.Reconcile(name => _registry.Find(name) is not null);
            requests = _backlog.LeasesNeeded(nowMs);
        }
        if (requests.Count == 0)
            return;

        List<(List<QueueItem> Items, long? NextVisibleAtMs)> leased;
        try
        {
            leased = await _catalog.WriteNowWithoutSyncAsync(connection => requests.Select(request => Lease(connection, request, nowMs)).ToList());
        }
        catch
        {
            lock (_gate)
                requests.ForEach(_backlog.LeaseFailed);
            throw;
        }
        var notRun = new List<QueuedInvocation>();
        lock (_gate)
        {
            for (var i = 0; i < requests.Count; i++)
            {
                var function = requests[i].FunctionName;
                var rows = leased[i].Items.Select(item => Held(item, function)).ToList();
                notRun.AddRange(_backlog.Leased(requests[i], rows, leased[i].NextVisibleAtMs, nowMs + _leaseMs));
            }
        }
        if (notRun.Count > 0)
            await GiveBackAsync(notRun);
    }

    private static QueuedInvocation Held(QueueItem item, string functionName) =>
        new(item.Lease, item.Key, functionName, item.PayloadReference, item.EnqueuedAtMs, item.Attempts) { Payload = item.Payload };

    private (List<QueueItem>, long?) Lease(CatalogConnection connection, LeaseRequest request, long nowMs)
    {
        var queue = AsyncInvocationQueue.QueueOf(request.FunctionName);
        var items = LeasedQueue.Lease(connection, queue, _owner, request.MaxItems, nowMs, _leaseMs);
        return (items, items.Count < request.MaxItems ? LeasedQueue.NextVisibleAt(connection, queue, _owner) : null);
    }

    /// <summary>Takes a new invocation as it is enqueued when the function has room and nothing older waits (runs on the writer's thread).</summary>
    private EnqueueClaim? TryClaim(string functionName)
    {
        if (_stopping)
            return null;
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            if (!_backlog.Claims(functionName, nowMs))
                return null;
        }
        return new EnqueueClaim(_owner, nowMs + _leaseMs, _claimCommitted);
    }

    /// <summary>A claimed invocation's transaction committed: it is held like a leased one, and the loop starts it.</summary>
    private void ClaimCommitted(QueuedInvocation row, long expiresAtMs)
    {
        bool held;
        lock (_gate)
            held = _backlog.Claimed(row, expiresAtMs);
        if (held)
            _queue.Wake();
    }

    /// <summary>
    /// Makes the payloads of held invocations enqueued by reference, in one read, before they start: the next invocation
    /// of a function then starts without a catalog read when the last one finishes.
    /// </summary>
    private void MakePayloads()
    {
        List<QueuedInvocation> rows;
        lock (_gate)
            rows = _backlog.WithoutPayload();
        if (rows.Count == 0)
            return;
        var payloads = _catalog.Read(connection => rows.Select(row => MakePayload(connection, row)).ToList());
        for (var i = 0; i < rows.Count; i++)
            rows[i].Payload ??= payloads[i];
    }

    /// <summary>The invocation's payload, made now if it was not made while it was held.</summary>
    private byte[] PayloadOf(QueuedInvocation row) =>
        row.Payload ?? (row.Payload = _catalog.Read(connection => MakePayload(connection, row)));

    /// <summary>
    /// One enqueued by reference gets its payload from the payload source; one whose source is gone gets an empty payload,
    /// which its function fails on, so that it ends in the attempts' history rather than waiting forever.
    /// </summary>
    private byte[] MakePayload(CatalogConnection connection, QueuedInvocation row) =>
        (row.PayloadReference is { } reference ? _payloads?.Payload(connection, reference) : null) ?? [];

    /// <summary>
    /// Renews, every third of a lease's duration, the leases that would otherwise end within two thirds of it: held
    /// and running invocations keep theirs however long they wait or run. Returns when the loop should look again.
    /// </summary>
    private TimeSpan RenewIfDue()
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var dueMs = Volatile.Read(ref _nextRenewalMs);
        if (nowMs < dueMs)
            return TimeSpan.FromMilliseconds(dueMs - nowMs);
        Volatile.Write(ref _nextRenewalMs, nowMs + _leaseMs / 3);
        if (Interlocked.Exchange(ref _renewing, 1) == 1)
            return TimeSpan.FromMilliseconds(_leaseMs / 3);
        List<QueueLease> expiring;
        lock (_gate)
            expiring = _backlog.Expiring(nowMs + _leaseMs * 2 / 3);
        if (expiring.Count == 0)
        {
            Volatile.Write(ref _renewing, 0);
            return TimeSpan.FromMilliseconds(_leaseMs / 3);
        }
        _ = RenewAsync(expiring, nowMs + _leaseMs);
        return TimeSpan.FromMilliseconds(_leaseMs / 3);
    }

    private async Task RenewAsync(List<QueueLease> leases, long untilMs)
    {
        try
        {
            var renewed = new List<QueueLease>(leases.Count);
            await _catalog.WriteWithoutSyncAsync(connection =>
            {
                renewed.Clear();
                foreach (var lease in leases)
                {
                    if (LeasedQueue.Extend(connection, lease, untilMs))
                        renewed.Add(lease);
                }
            });
            lock (_gate)
                _backlog.Renewed(renewed, untilMs);
        }
        catch (CatalogException error)
        {
            Log.RenewalFailed(_logger, error);
            Volatile.Write(ref _nextRenewalMs, _time.GetUtcNow().ToUnixTimeMilliseconds() + RenewalRetryMs);
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    /// <summary>Ends the leases of invocations that never started, so that they are visible at once (at shutdown: to the next start).</summary>
    private async Task GiveBackAsync(List<QueuedInvocation> rows)
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            await _catalog.WriteNowWithoutSyncAsync(connection =>
            {
                foreach (var row in rows)
                    LeasedQueue.GiveBack(connection, row.Lease, nowMs);
                return true;
            });
        }
        catch (Exception error) when (error is CatalogException or ObjectDisposedException)
        {
            // Their leases expire instead.
        }
    }
}
