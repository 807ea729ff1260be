using Sluice.Catalog;
using Sluice.Functions.Scheduling;

namespace Sluice.Functions.Logs;

/// <summary>One finished invocation's log text.</summary>
public sealed record InvocationLogEntry(long Sequence, string FunctionName, string RequestId, DateTimeOffset Started, string Text);

/// <summary>
/// The most recent invocation logs of every function (what `sluice logs` and LogType Tail read): the
/// last <see cref="PerFunction"/> of each, served from memory and, with a catalog, kept there too so they
/// survive a restart. Persisting is off the invoke path (<see cref="InvocationLogWriter"/>); a function's
/// logs from before the restart are read back the first time someone asks for them.
/// </summary>
public sealed class InvocationLogStore : IAsyncDisposable
{
    public const int PerFunction = 200;

    private readonly Dictionary<string, Queue<InvocationLogEntry>> _logs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly ICatalog? _catalog;
    private readonly InvocationLogWriter? _writer;
    private readonly long _persistedUpTo;
    private long _sequence;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Logs in memory only (the local harness).</summary>
    public InvocationLogStore()
    {
    }

    public InvocationLogStore(ICatalog catalog)
    {
        _catalog = catalog;
        _persistedUpTo = catalog.Read(InvocationLogWriter.LastSequence);
        _sequence = _persistedUpTo;
        _writer = new InvocationLogWriter(catalog, PerFunction);
    }

    /// <summary>Waits (bounded) for the runtime's streams to pass the invocation, then keeps the rendered log.</summary>
    public async Task<InvocationLogEntry> CaptureAsync(string functionName, Invocation invocation, bool hasEndMarkers)
    {
        var wait = hasEndMarkers ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(50);
        await invocation.Log.Completed.WaitAsync(wait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var text = invocation.Log.Render();
        TaskCompletionSource appended;
        InvocationLogEntry entry;
        lock (_gate)
        {
            entry = new InvocationLogEntry(++_sequence, functionName, invocation.RequestId, invocation.Log.Started, text);
            var queue = QueueOf(functionName);
            queue.Enqueue(entry);
            while (queue.Count > PerFunction)
                queue.Dequeue();
            appended = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _writer?.Add(entry);
        }
        appended.TrySetResult();
        return entry;
    }

    public IReadOnlyList<InvocationLogEntry> Since(string functionName, long afterSequence)
    {
        lock (_gate)
        {
            var queue = _logs.ContainsKey(functionName) || _catalog is not null ? QueueOf(functionName) : null;
            return queue is null ? [] : [.. queue.Where(e => e.Sequence > afterSequence)];
        }
    }

    /// <summary>Completes when any log is added after this call.</summary>
    public Task NextAppendAsync()
    {
        lock (_gate)
            return _appended.Task;
    }

    public void Forget(string functionName)
    {
        lock (_gate)
        {
            _logs.Remove(functionName);
            _loaded.Add(functionName);
            _writer?.Forget(functionName);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
            await _writer.DisposeAsync();
    }

    /// <summary>The function's logs in memory; the first time, the ones persisted before this process started come first.</summary>
    private Queue<InvocationLogEntry> QueueOf(string functionName)
    {
        if (!_logs.TryGetValue(functionName, out var queue))
            _logs[functionName] = queue = new Queue<InvocationLogEntry>();
        if (_catalog is not null && _loaded.Add(functionName))
        {
            var earlier = _catalog.Read(connection => InvocationLogWriter.Load(connection, functionName, _persistedUpTo, PerFunction));
            if (earlier.Count > 0)
            {
                var merged = new Queue<InvocationLogEntry>(earlier.Concat(queue).TakeLast(PerFunction));
                _logs[functionName] = queue = merged;
            }
        }
        return queue;
    }
}
