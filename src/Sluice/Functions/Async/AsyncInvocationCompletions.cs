using System.Threading.Channels;
using Sluice.Catalog;
using Sluice.Queueing;

namespace Sluice.Functions.Async;

/// <summary>What one finished attempt does to its leased invocation: complete it, or release it for another attempt.</summary>
internal sealed record AsyncCompletion(QueueLease Lease, string FunctionName, AsyncInvocationAttempt Attempt)
{
    /// <summary>Set when the invocation stays for another attempt: not before this time, showing this attempt's error.</summary>
    public (long NotBeforeMs, string Error)? Retry { get; init; }

    /// <summary>Set when the invocation leaves with a record for a destination function, queued in the same transaction.</summary>
    public (string FunctionName, byte[] Record, long NowMs)? Destination { get; init; }

    /// <summary>What the invocation sends, as it leaves, to targets that are not functions (a queue destination, the dead-letter queue).</summary>
    public IReadOnlyList<TargetSend> Sends { get; init; } = [];
}

/// <summary>A message for a non-function target, sent in the completion's transaction.</summary>
internal sealed record TargetSend(IInvocationRecordTarget Target, string Arn, byte[] Body, IReadOnlyList<RecordAttribute> Attributes, long NowMs);

/// <summary>
/// Writes what finished async attempts did to the queue, many in one transaction and one catalog write at a time,
/// so the dispatcher never waits for a commit, and without an fsync of their own: a completion lost in a power
/// failure only means that its invocation runs again, which at-least-once delivery allows. A write that fails is
/// tried again, so no finished invocation stays queued. Each needs its lease: one that expired and was taken over is
/// not completed here (its new holder's run will), and then queues no destination record either.
/// </summary>
internal sealed class AsyncInvocationCompletions : IAsyncDisposable
{
    private const int MaxBatch = 1024;
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    private readonly ICatalog _catalog;
    private readonly AsyncInvocationQueue _queue;
    private readonly TimeProvider _time;
    private readonly TimeSpan _attemptRetention;
    private readonly Action _destinationsQueued;
    private readonly Action<Exception> _writeFailed;
    private readonly Action<string, long>? _retryReleased;
    private readonly Channel<AsyncCompletion> _pending = Channel.CreateUnbounded<AsyncCompletion>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;
    private volatile bool _disposing;

    /// <param name="destinationsQueued">Called once rows queued for destination functions are durable.</param>
    /// <param name="writeFailed">Called with each failed write before it is tried again.</param>
    /// <param name="retryReleased">Called with the function and the time of each retry once its release is committed.</param>
    public AsyncInvocationCompletions(ICatalog catalog, AsyncInvocationQueue queue, TimeProvider time, TimeSpan attemptRetention,
        Action destinationsQueued, Action<Exception> writeFailed, Action<string, long>? retryReleased = null)
    {
        _retryReleased = retryReleased;
        _catalog = catalog;
        _queue = queue;
        _time = time;
        _attemptRetention = attemptRetention;
        _destinationsQueued = destinationsQueued;
        _writeFailed = writeFailed;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues the completion's write; returns at once. After disposal it is dropped (the row runs again after a restart).</summary>
    public void Add(AsyncCompletion completion) => _pending.Writer.TryWrite(completion);

    /// <summary>Writes what is waiting, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        _pending.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<AsyncCompletion>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var completion))
                batch.Add(completion);
            if (await TryWriteAsync(batch))
                Committed(batch);
            batch.Clear();
        }
    }

    private void Committed(List<AsyncCompletion> batch)
    {
        if (batch.Any(c => c.Destination is not null))
            _destinationsQueued();
        if (_retryReleased is null) return;
        foreach (var completion in batch)
        {
            if (completion.Retry is { } retry)
                _retryReleased(completion.FunctionName, retry.NotBeforeMs);
        }
    }

    /// <summary>Writes the batch, trying again after a failure until it succeeds or this is being disposed.</summary>
    private async Task<bool> TryWriteAsync(List<AsyncCompletion> batch)
    {
        while (true)
        {
            var now = _time.GetUtcNow();
            var prune = now >= _nextPrune;
            try
            {
                await _catalog.WriteWithoutSyncAsync(connection => Apply(connection, _queue, batch, prune ? now - _attemptRetention : null));
                if (prune) _nextPrune = now + PruneInterval;
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
            catch (CatalogException error)
            {
                _writeFailed(error);
                if (_disposing)
                    return false;
                await Task.Delay(RetryPause, _time);
            }
        }
    }

    private static void Apply(CatalogConnection connection, AsyncInvocationQueue queue, List<AsyncCompletion> batch, DateTimeOffset? pruneBefore)
    {
        foreach (var completion in batch)
        {
            var stillHeld = completion.Retry is { } retry
                ? LeasedQueue.Release(connection, completion.Lease, retry.NotBeforeMs, retry.Error)
                : LeasedQueue.Complete(connection, completion.Lease);
            AsyncInvocationAttempts.Record(connection, completion.Attempt);
            if (!stillHeld) continue;
            if (completion.Destination is { } destination)
                queue.Enqueue(connection, destination.FunctionName, destination.Record, destination.NowMs);
            foreach (var send in completion.Sends)
                send.Target.Send(connection, send.Arn, send.Body, send.Attributes, send.NowMs);
        }
        if (pruneBefore is { } cutoff)
            AsyncInvocationAttempts.Prune(connection, cutoff);
    }
}
