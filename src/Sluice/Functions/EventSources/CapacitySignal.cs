using Sluice.Functions.Scheduling;

namespace Sluice.Functions.EventSources;

/// <summary>A task that completes the next time the scheduler frees capacity, for pollers holding a batch they could not start.</summary>
public sealed class CapacitySignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = New();

    public CapacitySignal(FunctionScheduler scheduler) => scheduler.CapacityFreed += Pulse;

    public Task Next
    {
        get { lock (_gate) return _next.Task; }
    }

    private void Pulse()
    {
        TaskCompletionSource current;
        lock (_gate)
        {
            current = _next;
            _next = New();
        }
        current.TrySetResult();
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
