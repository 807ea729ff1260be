using Sluice.Functions.Api;
using Sluice.Functions.Definitions;
using Sluice.Functions.Scheduling;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;

namespace Sluice.Functions.EventSources;

/// <summary>
/// One enabled mapping's poller, as Lambda's SQS poller: it long-polls the queue, gathers a batch (up to the batch
/// size, the batching window or 6 MB, whichever comes first), and hands it to the function synchronously through the
/// scheduler, so reserved concurrency holds. A batch runs in the background while the poller gathers the next, up to
/// the <see cref="ConcurrencyScaler"/>'s limit. On success the batch is deleted (all but the reported failures); what
/// failed stays in flight until the queue's visibility timeout, so maxReceiveCount and the dead-letter queue apply.
/// </summary>
public sealed partial class SqsPoller
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(20);

    /// <summary>How often a poller that cannot run (no function, no queue, reserved concurrency 0) looks again.</summary>
    private static readonly TimeSpan ProblemRecheck = TimeSpan.FromSeconds(1);

    /// <summary>While every allowed batch runs, how often the backlog is looked at to scale out (Lambda's 300 a minute).</summary>
    private static readonly TimeSpan ScaleCheck = TimeSpan.FromMilliseconds(200);

    private readonly string _uuid;
    private readonly EventSourceServices _services;
    private readonly MappingStatus _status;
    private readonly ConcurrencyScaler _scaler;
    private readonly Action<Task> _trackBatch;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();

    public SqsPoller(string uuid, EventSourceServices services, MappingStatus status, ConcurrencyScaler scaler, Action<Task> trackBatch, ILogger logger)
    {
        _uuid = uuid;
        _services = services;
        _status = status;
        _scaler = scaler;
        _trackBatch = trackBatch;
        _logger = logger;
        Running = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The receive loop; it ends when the mapping is disabled or deleted, or the poller is stopped.</summary>
    public Task Running { get; }

    /// <summary>Ends the receive loop (its running batches finish on their own); a poller is stopped to apply new settings.</summary>
    public void Stop() => _stop.Cancel();

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (_services.Mappings.Find(_uuid) is not { Enabled: true } mapping)
                    return;
                if (Blocked(mapping) is { } problem)
                {
                    _status.Problem(problem, _services.Time.GetUtcNow());
                    await Task.Delay(ProblemRecheck, _services.Time, stop);
                    continue;
                }
                var queue = _services.Queues.FindByArn(mapping.EventSourceArn)!;
                await WaitForRoomAsync(mapping, queue, stop);
                var messages = await GatherAsync(mapping, queue, stop);
                if (messages.Count == 0)
                {
                    _scaler.Drained();
                    continue;
                }
                await StartBatchAsync(mapping, queue, messages, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            Log.PollerFailed(_logger, _uuid, error);
            _status.Problem("the poller failed: " + error.Message, _services.Time.GetUtcNow());
        }
    }

    /// <summary>Why the mapping cannot poll now, or null when it can.</summary>
    private string? Blocked(EventSourceMapping mapping)
    {
        if (_services.Registry.Find(mapping.FunctionName) is not { } function)
            return $"Function not found: {_services.Environments.FunctionArn(mapping.FunctionName)}";
        if (function.ReservedConcurrency == 0)
            return "the function's reserved concurrency is 0, so it is throttled";
        if (_services.Queues.FindByArn(mapping.EventSourceArn) is null)
            return $"the queue {mapping.EventSourceArn} does not exist";
        return null;
    }

    /// <summary>Waits until fewer batches run than allowed; while all allowed run and messages wait, scales out.</summary>
    private async Task WaitForRoomAsync(EventSourceMapping mapping, SqsQueue queue, CancellationToken stop)
    {
        while (true)
        {
            var reserved = _services.Registry.Find(mapping.FunctionName)?.ReservedConcurrency;
            var limit = _scaler.Limit(mapping.MaximumConcurrency, reserved);
            if (_status.RunningBatches < limit)
                return;
            if (_services.Messages.ApproximateNumberOfMessages(queue) > 0)
            {
                _scaler.Backlogged();
                if (_scaler.Limit(mapping.MaximumConcurrency, reserved) > limit)
                    return;
            }
            await Task.WhenAny(_status.NextBatchFinished, Task.Delay(ScaleCheck, _services.Time, stop));
            stop.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// A long poll for the first messages; with a batching window, more receives until the batch is full, 6 MB of bodies
    /// have come, or the window (which opens with the first message) closes. A stopped poller gives back what it gathered.
    /// </summary>
    private async Task<List<SqsReceivedMessage>> GatherAsync(EventSourceMapping mapping, SqsQueue queue, CancellationToken stop)
    {
        var batch = new List<SqsReceivedMessage>(Math.Min(mapping.BatchSize, 10));
        await ReceiveIntoAsync(batch, queue, mapping.BatchSize, LongPoll, stop);
        if (batch.Count == 0 || mapping.MaximumBatchingWindowInSeconds == 0)
            return batch;
        var closes = _services.Time.GetUtcNow() + TimeSpan.FromSeconds(mapping.MaximumBatchingWindowInSeconds);
        var bytes = batch.Sum(message => (long)message.Body.Length);
        try
        {
            while (batch.Count < mapping.BatchSize && bytes < LambdaApi.MaxSyncPayloadBytes
                   && closes - _services.Time.GetUtcNow() is var remaining && remaining > TimeSpan.Zero)
            {
                var before = batch.Count;
                await ReceiveIntoAsync(batch, queue, mapping.BatchSize - batch.Count, remaining, stop);
                bytes += batch.Skip(before).Sum(message => (long)message.Body.Length);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await ReleaseAsync(queue, batch);
            throw;
        }
        if (stop.IsCancellationRequested)
        {
            await ReleaseAsync(queue, batch);
            stop.ThrowIfCancellationRequested();
        }
        return batch;
    }

    private async Task ReceiveIntoAsync(List<SqsReceivedMessage> batch, SqsQueue queue, int maxMessages, TimeSpan wait, CancellationToken stop)
    {
        var received = await _services.Messages.ReceiveAsync(queue, maxMessages, null, wait, stop);
        _status.Received(received.Count);
        batch.AddRange(received);
    }

    /// <summary>Builds the event (what does not fit in 6 MB goes back to the queue), takes capacity, and runs the batch in the background.</summary>
    private async Task StartBatchAsync(EventSourceMapping mapping, SqsQueue queue, List<SqsReceivedMessage> messages, CancellationToken stop)
    {
        var built = SqsLambdaEvent.Build(messages, queue.Arn, _services.Environments.Region, LambdaApi.MaxSyncPayloadBytes);
        var batch = messages.GetRange(0, built.Count);
        if (built.Count < messages.Count)
            await ReleaseAsync(queue, messages.GetRange(built.Count, messages.Count - built.Count));
        ConcurrencySlot? slot;
        try
        {
            slot = await ReserveAsync(mapping, stop);
        }
        catch (OperationCanceledException)
        {
            await ReleaseAsync(queue, batch);
            throw;
        }
        if (slot is null)
        {
            await ReleaseAsync(queue, batch);
            return;
        }
        _status.BatchStarted(batch.Count, _services.Time.GetUtcNow());
        _trackBatch(RunBatchAsync(mapping, queue, batch, built.Payload, slot));
    }

    /// <summary>Capacity for one invocation of the function, waiting while it is at its limit; null when the function is gone.</summary>
    private async Task<ConcurrencySlot?> ReserveAsync(EventSourceMapping mapping, CancellationToken stop)
    {
        while (true)
        {
            var freed = _services.Capacity.Next;
            if (_services.Registry.Find(mapping.FunctionName) is not { } function)
                return null;
            if (_services.Scheduler.TryReserve(function, out _, background: true) is { } slot)
                return slot;
            await Task.WhenAny(freed, Task.Delay(ProblemRecheck, _services.Time, stop));
            stop.ThrowIfCancellationRequested();
        }
    }

    private async Task RunBatchAsync(EventSourceMapping mapping, SqsQueue queue, List<SqsReceivedMessage> batch, byte[] payload, ConcurrencySlot slot)
    {
        var invocation = new Invocation(Guid.NewGuid().ToString())
        {
            Payload = payload,
            FunctionArn = _services.Environments.FunctionArn(mapping.FunctionName),
        };
        string? problem = "the batch ended inside Sluice before its outcome was known";
        try
        {
            InvocationResult result;
            try
            {
                result = await _services.Scheduler.RunAsync(slot, invocation);
            }
            catch (Exception error)
            {
                Log.InvocationCrashed(_logger, _uuid, error);
                result = InvocationResult.PlatformError("ServiceException", error.Message);
            }
            var outcome = BatchOutcome.Decide(batch, result, mapping.ReportsBatchItemFailures, queue.IsFifo);
            if (outcome.Problem is not null)
                Log.BatchFailed(_logger, _uuid, batch.Count, outcome.Problem);
            problem = outcome.Delete.Count > 0 ? await DeleteAsync(queue, outcome.Delete) ?? outcome.Problem : outcome.Problem;
        }
        finally
        {
            _status.BatchFinished(batch.Count, problem, _services.Time.GetUtcNow());
        }
    }

    /// <summary>Deletes what the function processed; returns what went wrong, if anything did.</summary>
    private async Task<string?> DeleteAsync(SqsQueue queue, IReadOnlyList<SqsReceivedMessage> processed)
    {
        try
        {
            var deleted = await _services.Messages.DeleteAsync(queue, [.. processed.Select(message => message.ReceiptHandle)]);
            var failures = deleted.Count(entry => entry.Error is not null);
            return failures > 0
                ? $"{failures} of {deleted.Count} processed messages could not be deleted (their receipt handles had expired), so they run again"
                : null;
        }
        catch (Exception error)
        {
            Log.DeleteFailed(_logger, _uuid, error);
            return "deleting the processed messages failed: " + error.Message;
        }
    }

    /// <summary>Makes received messages visible again at once: the poller will not run them.</summary>
    private async Task ReleaseAsync(SqsQueue queue, List<SqsReceivedMessage> messages)
    {
        if (messages.Count == 0) return;
        try
        {
            await _services.Messages.ChangeVisibilityAsync(queue, [.. messages.Select(message => (message.ReceiptHandle, 0))]);
        }
        catch (Exception error)
        {
            // They come back anyway once their visibility timeout ends.
            Log.ReleaseFailed(_logger, _uuid, error);
        }
        _status.Released(messages.Count);
    }
}
