using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Sluice.Catalog;
using Sluice.Queueing;

namespace Sluice.Functions.Async;

/// <summary>An asynchronous invocation still in the queue: attempts made so far, when the next may start, and the last error.</summary>
public sealed record PendingInvocation(
    string InvocationId, string FunctionName, DateTimeOffset Enqueued, int Attempts, DateTimeOffset NextAttemptAt, string? LastError);

/// <summary>
/// The asynchronous invocations of each function: one queue per function in the durable leased queue
/// (<see cref="LeasedQueue"/>), named <c>function:&lt;name&gt;</c>. Other capabilities hand work off with
/// <see cref="Enqueue"/> inside the catalog transaction they already hold (an S3 event commits with its object), then
/// call <see cref="Wake"/> once that write is durable.
/// </summary>
public sealed class AsyncInvocationQueue(ICatalog catalog, TimeProvider time)
{
    /// <summary>AWS's limit for an asynchronous payload.</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    internal const string QueuePrefix = "function:";

    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>
    /// Functions enqueued to since the dispatcher last looked: a hint of where to lease, never the truth (a lease finds
    /// what is committed). It is noted on the writer's connection before any lease that follows runs there.
    /// </summary>
    private readonly ConcurrentDictionary<string, byte> _enqueuedTo = new(StringComparer.Ordinal);

    /// <summary>
    /// A new request id: a time-ordered UUID (version 7). The unique index on it then grows at its end, where a group
    /// commit's rows share pages, instead of each row changing a random page that the commit must write out.
    /// </summary>
    public static string NewRequestId() => Guid.CreateVersion7().ToString();

    internal static string QueueOf(string functionName) => QueuePrefix + functionName;

    /// <summary>
    /// Set by the dispatcher: asked on the writer's connection, inside the enqueuing transaction, whether it takes the new
    /// invocation at once (it has room, and nothing older of the function is visible). A claimed invocation is enqueued
    /// leased to it and handed over once the transaction commits, so starting it needs no catalog write of its own.
    /// </summary>
    internal Func<string, EnqueueClaim?>? ClaimOnEnqueue { get; set; }

    /// <summary>Adds one invocation inside the caller's transaction; returns its request id.</summary>
    public string Enqueue(CatalogConnection connection, string functionName, ReadOnlyMemory<byte> payload, long nowUnixMs) =>
        Insert(connection, functionName, WholeArray(payload), null, nowUnixMs, NewRequestId());

    /// <summary>
    /// Adds one invocation whose payload the <see cref="IQueuedPayloadSource"/> makes from <paramref name="reference"/>
    /// when the dispatcher leases it; returns its request id.
    /// </summary>
    public string EnqueueReference(CatalogConnection connection, string functionName, long reference, long nowUnixMs, string requestId) =>
        Insert(connection, functionName, null, reference, nowUnixMs, requestId);

    private string Insert(CatalogConnection connection, string functionName, byte[]? payload, long? reference, long nowUnixMs, string requestId)
    {
        if (ClaimOnEnqueue?.Invoke(functionName) is { } claim)
        {
            var lease = LeasedQueue.EnqueueLeased(connection, QueueOf(functionName), requestId, payload, reference, nowUnixMs, claim.Owner, claim.UntilMs);
            var invocation = new QueuedInvocation(lease, requestId, functionName, reference, nowUnixMs, Attempts: 0) { Payload = payload };
            connection.AfterCommit(() => claim.Committed(invocation, claim.UntilMs));
            return requestId;
        }
        LeasedQueue.Enqueue(connection, QueueOf(functionName), requestId, payload, reference, nowUnixMs, nowUnixMs);
        _enqueuedTo.TryAdd(functionName, 0);
        return requestId;
    }

    /// <summary>The payload's own array when it spans all of one (a destination record does), else a copy: SQLite binds arrays only.</summary>
    private static byte[] WholeArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    /// <summary>
    /// The invocation's place in the queue, or null once it has finished (see <see cref="AsyncInvocationAttempts.For"/>) or
    /// never existed. While it is leased (held or running), the next attempt is when that lease would expire.
    /// </summary>
    public static PendingInvocation? Pending(CatalogConnection connection, string invocationId)
    {
        if (LeasedQueue.Find(connection, invocationId) is not { } item || !item.Queue.StartsWith(QueuePrefix, StringComparison.Ordinal))
            return null;
        return new PendingInvocation(invocationId, item.Queue[QueuePrefix.Length..], DateTimeOffset.FromUnixTimeMilliseconds(item.EnqueuedAtMs),
            item.Attempts, DateTimeOffset.FromUnixTimeMilliseconds(item.VisibleAtMs), item.LastError);
    }

    /// <summary>
    /// Inside the caller's transaction, makes a queued invocation's next attempt due now (a retry waiting for its delay
    /// runs at once, with its attempts so far); call <see cref="Wake"/> after the commit. False when it is not queued.
    /// The dispatcher, which expects nothing of the function before the retry's time, is told to lease it again.
    /// </summary>
    public bool MakeDueNow(CatalogConnection connection, string invocationId, long nowUnixMs)
    {
        if (Pending(connection, invocationId) is not { } pending) return false;
        LeasedQueue.MakeVisible(connection, invocationId, nowUnixMs);
        connection.AfterCommit(() => _enqueuedTo.TryAdd(pending.FunctionName, 0));
        return true;
    }

    /// <summary>Enqueues in a write of its own; completes once the invocation is durable.</summary>
    public async Task<string> EnqueueAsync(string functionName, ReadOnlyMemory<byte> payload)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var requestId = await catalog.WriteAsync(connection => Enqueue(connection, functionName, payload, now));
        Wake();
        return requestId;
    }

    /// <summary>Tells the dispatcher that work may be waiting. Cheap; call it after your commit.</summary>
    public void Wake()
    {
        if (_signal.CurrentCount > 0) return;
        try { _signal.Release(); }
        catch (SemaphoreFullException) { }
    }

    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);

    /// <summary>Takes the names of the functions enqueued to since the last call.</summary>
    internal List<string> TakeEnqueuedTo()
    {
        var names = new List<string>();
        foreach (var name in _enqueuedTo.Keys)
        {
            if (_enqueuedTo.TryRemove(name, out _))
                names.Add(name);
        }
        return names;
    }

    /// <summary>The function's invocations still queued: waiting, running, or finished with their completion not yet recorded.</summary>
    public long Depth(string functionName) => catalog.Read(connection => LeasedQueue.Depth(connection, QueueOf(functionName)));
}
