namespace Sluice.Functions.EventSources;

/// <summary>
/// What one mapping's poller is doing, for Get/ListEventSourceMappings and `sluice events mappings`: batches and
/// messages in flight, the last batch, the last error. It outlives a poller restarted by an update, so that batches
/// still running under the old settings keep counting against the limits.
/// </summary>
public sealed class MappingStatus
{
    public const string NoRecordsProcessed = "No records processed";
    public const string Ok = "OK";

    private readonly Lock _gate = new();
    private TaskCompletionSource _batchFinished = NewSignal();

    public int RunningBatches { get; private set; }
    public long InFlightMessages { get; private set; }
    public DateTimeOffset? LastBatchAt { get; private set; }
    public int LastBatchSize { get; private set; }
    public long BatchesProcessed { get; private set; }
    public string LastProcessingResult { get; private set; } = NoRecordsProcessed;
    public string? LastError { get; private set; }
    public DateTimeOffset? LastErrorAt { get; private set; }

    /// <summary>Messages received and not yet handed to the function (waiting for capacity) or running in it.</summary>
    public void Received(int count)
    {
        lock (_gate) InFlightMessages += count;
    }

    /// <summary>Messages received but given back to the queue without running.</summary>
    public void Released(int count)
    {
        lock (_gate) InFlightMessages -= count;
    }

    public void BatchStarted(int count, DateTimeOffset now)
    {
        lock (_gate)
        {
            RunningBatches++;
            LastBatchAt = now;
            LastBatchSize = count;
        }
    }

    public void BatchFinished(int count, string? problem, DateTimeOffset now)
    {
        TaskCompletionSource finished;
        lock (_gate)
        {
            RunningBatches--;
            InFlightMessages -= count;
            BatchesProcessed++;
            if (problem is null)
                LastProcessingResult = Ok;
            else
                Problem(problem, now);
            finished = _batchFinished;
            _batchFinished = NewSignal();
        }
        finished.TrySetResult();
    }

    /// <summary>A problem that kept the poller from running a batch (no function, no queue) or that a batch met.</summary>
    public void Problem(string problem, DateTimeOffset now)
    {
        lock (_gate)
        {
            LastProcessingResult = "PROBLEM: " + problem;
            LastError = problem;
            LastErrorAt = now;
        }
    }

    /// <summary>Completes when the next running batch finishes.</summary>
    public Task NextBatchFinished
    {
        get { lock (_gate) return _batchFinished.Task; }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
