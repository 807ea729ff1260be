namespace Sluice.Functions;

/// <summary>One finished invocation's log text.</summary>
public sealed record InvocationLogEntry(long Sequence, string FunctionName, string RequestId, DateTimeOffset Started, string Text);

/// <summary>
/// The most recent invocation logs of every function, in memory (what `sluice logs` and
/// LogType Tail read). Each function keeps its last <see cref="PerFunction"/> logs.
/// </summary>
public sealed class InvocationLogStore
{
    public const int PerFunction = 200;

    private readonly Dictionary<string, Queue<InvocationLogEntry>> _logs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _sequence;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
            if (!_logs.TryGetValue(functionName, out var queue))
                _logs[functionName] = queue = new Queue<InvocationLogEntry>();
            queue.Enqueue(entry);
            while (queue.Count > PerFunction)
                queue.Dequeue();
            appended = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        appended.TrySetResult();
        return entry;
    }

    public IReadOnlyList<InvocationLogEntry> Since(string functionName, long afterSequence)
    {
        lock (_gate)
            return _logs.TryGetValue(functionName, out var queue) ? [.. queue.Where(e => e.Sequence > afterSequence)] : [];
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
            _logs.Remove(functionName);
    }
}
