using System.Collections.Concurrent;

namespace Sluice.Sqs.Messages;

/// <summary>
/// Wakes long polls: a waiter takes the queue's next signal before it looks for messages, and a commit that makes
/// messages receivable (a send, a visibility set to 0, a FIFO group freed) pulses it after the commit. Taking the
/// signal first means a message committed between the look and the wait is never missed.
/// </summary>
internal sealed class QueueSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new(StringComparer.Ordinal);

    public Task Next(string queueName) =>
        _next.GetOrAdd(queueName, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Pulse(string queueName)
    {
        if (_next.TryRemove(queueName, out var signal))
            signal.TrySetResult();
    }
}
