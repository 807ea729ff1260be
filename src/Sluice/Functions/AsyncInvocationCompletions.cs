using System.Threading.Channels;
using Sluice.Catalog;

namespace Sluice.Functions;

/// <summary>What one finished attempt does to its queue row: remove it, or keep it for another attempt.</summary>
internal sealed record AsyncCompletion(long Seq, AsyncInvocationAttempt Attempt)
{
    /// <summary>Set when the row stays for another attempt: not before this time, showing this attempt's error.</summary>
    public (long NotBeforeMs, string Error)? Retry { get; init; }

    /// <summary>Set when the row leaves with a record for a destination function, queued in the same transaction.</summary>
    public (string FunctionName, byte[] Record, long NowMs)? Destination { get; init; }
}

/// <summary>
/// Writes what finished async attempts did to the queue, many in one transaction and one catalog write at a time,
/// so the dispatcher never waits for a commit, and without an fsync of their own: a completion lost in a power
/// failure only means that its invocation runs again, which at-least-once delivery allows. A write that fails is
/// tried again, so no finished row stays queued.
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
    private readonly Channel<AsyncCompletion> _pending = Channel.CreateUnbounded<AsyncCompletion>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;
    private volatile bool _disposing;

    /// <param name="destinationsQueued">Called once rows queued for destination functions are durable.</param>
    /// <param name="writeFailed">Called with each failed write before it is tried again.</param>
    public AsyncInvocationCompletions(ICatalog catalog, AsyncInvocationQueue queue, TimeProvider time, TimeSpan attemptRetention,
        Action destinationsQueued, Action<Exception> writeFailed)
    {
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
            if (await TryWriteAsync(batch) && batch.Any(c => c.Destination is not null))
                _destinationsQueued();
            batch.Clear();
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
            if (completion.Retry is { } retry)
                Reschedule(connection, completion.Seq, completion.Attempt.Attempt, retry.NotBeforeMs, retry.Error);
            else
                Remove(connection, completion.Seq);
            AsyncInvocationAttempts.Record(connection, completion.Attempt);
            if (completion.Destination is { } destination)
                queue.Enqueue(connection, destination.FunctionName, destination.Record, destination.NowMs);
        }
        if (pruneBefore is { } cutoff)
            AsyncInvocationAttempts.Prune(connection, cutoff);
    }

    private static void Remove(CatalogConnection connection, long seq)
    {
        using var command = connection.Statement("DELETE FROM function_async_queue WHERE seq = @seq");
        command.Bind("@seq", seq);
        command.ExecuteNonQuery();
    }

    private static void Reschedule(CatalogConnection connection, long seq, int attempts, long notBeforeMs, string error)
    {
        using var command = connection.Statement(
            "UPDATE function_async_queue SET attempts = @attempts, not_before_ms = @notBefore, last_error = @error WHERE seq = @seq");
        command.Bind("@attempts", attempts);
        command.Bind("@notBefore", notBeforeMs);
        command.Bind("@error", error);
        command.Bind("@seq", seq);
        command.ExecuteNonQuery();
    }
}
