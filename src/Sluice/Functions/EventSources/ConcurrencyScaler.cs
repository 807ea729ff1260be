namespace Sluice.Functions.EventSources;

/// <summary>
/// How many batches of one mapping may run at once, scaled as Lambda scales an SQS poller: five to begin with; while
/// the queue has a backlog, one more at a time, at most 300 a minute, up to 1,000; back to five once the queue is
/// empty. The mapping's MaximumConcurrency and the function's reserved concurrency cap it.
/// </summary>
public sealed class ConcurrencyScaler(TimeProvider time)
{
    public const int Initial = 5;
    public const int Maximum = 1000;

    /// <summary>300 more a minute: one every 200 ms.</summary>
    private static readonly TimeSpan StepInterval = TimeSpan.FromMinutes(1) / 300;

    private readonly Lock _gate = new();
    private int _target = Initial;
    private long _lastStep = long.MinValue;

    public int Target
    {
        get { lock (_gate) return _target; }
    }

    /// <summary>The batches that may run now under the mapping's and the function's own limits.</summary>
    public int Limit(int? maximumConcurrency, int? reservedConcurrency) =>
        Math.Min(Target, Math.Min(maximumConcurrency ?? Maximum, reservedConcurrency ?? Maximum));

    /// <summary>Every allowed batch is running and messages are still waiting: scale out by one, if a step is due.</summary>
    public void Backlogged()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_target >= Maximum) return;
            if (_lastStep != long.MinValue && time.GetElapsedTime(_lastStep, now) < StepInterval) return;
            _target++;
            _lastStep = now;
        }
    }

    /// <summary>A poll found the queue empty.</summary>
    public void Drained()
    {
        lock (_gate)
            _target = Initial;
    }
}
