using System.Collections.Concurrent;
using Sluice.Catalog;
using Sluice.Queueing;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;

namespace Sluice.Sqs.Redrive;

/// <summary>
/// Message move tasks: a redrive of a dead-letter queue's messages to a destination queue or, without one, back to the
/// queue each message was dead-lettered from. Each batch moves in one durable write, counted in <c>sqs_move_tasks</c>;
/// a task that was running when the process stopped is marked failed on the next start (start it again to finish).
/// </summary>
public sealed partial class MessageMoveTasks(
    ICatalog catalog, SqsQueueStore queues, SqsMessageStore messages, TimeProvider time, ILogger<MessageMoveTasks> logger) : IHostedService
{
    private const int BatchSize = 100;
    private const int MaxRate = 500;
    private const int MaxListed = 10;
    private const string InterruptedReason = "Sluice stopped while the task ran; start a new task to move the rest.";

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    public Task StartAsync(CancellationToken cancellationToken) => catalog.WriteAsync(connection =>
        connection.Execute("UPDATE sqs_move_tasks SET status = @failed, failure_reason = @reason WHERE status IN (@running, @cancelling)",
            ("@failed", MessageMoveTask.Failed), ("@reason", InterruptedReason), ("@running", MessageMoveTask.Running),
            ("@cancelling", MessageMoveTask.Cancelling)));

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var cancel in _running.Values) cancel.Cancel();
        return Task.CompletedTask;
    }

    /// <summary>Starts moving the messages of dead-letter queue <paramref name="sourceArn"/>; returns the task's handle.</summary>
    public async Task<string> StartTaskAsync(string sourceArn, string? destinationArn, int? maxPerSecond)
    {
        var source = queues.FindByArn(sourceArn)
            ?? throw SqsErrors.ResourceNotFound.With("The resource that you specified for the SourceArn parameter doesn't exist.");
        if (queues.DeadLetterSourcesOf(source).Count == 0)
            throw SqsErrors.InvalidParameterValue.With("Source queue must be configured as a Dead Letter Queue.");
        SqsQueue? destination = null;
        if (destinationArn is not null)
        {
            destination = queues.FindByArn(destinationArn)
                ?? throw SqsErrors.ResourceNotFound.With("The resource that you specified for the DestinationArn parameter doesn't exist.");
            if (destination.IsFifo != source.IsFifo)
                throw SqsErrors.InvalidParameterValue.With("The destination queue must be of the same type as the source queue.");
        }
        if (maxPerSecond is < 1 or > MaxRate)
            throw SqsErrors.InvalidValue("MaxNumberOfMessagesPerSecond", maxPerSecond.ToString(), $"Must be between 1 and {MaxRate}.");
        var counts = messages.Counts(source);
        var handle = Guid.NewGuid().ToString("N");
        var started = time.GetUtcNow().ToUnixTimeMilliseconds();
        var cancel = new CancellationTokenSource();
        if (!_running.TryAdd(source.Arn, cancel))
            throw SqsErrors.UnsupportedOperation.With("There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
        try
        {
            await catalog.WriteAsync(connection => connection.Execute("""
                INSERT INTO sqs_move_tasks (handle, source_arn, destination_arn, max_per_second, status, moved, to_move, started_ms)
                VALUES (@handle, @source, @destination, @rate, @status, 0, @toMove, @started)
                """, ("@handle", handle), ("@source", source.Arn), ("@destination", destinationArn), ("@rate", maxPerSecond),
                ("@status", MessageMoveTask.Running), ("@toMove", counts.Visible + counts.Leased), ("@started", started)));
        }
        catch
        {
            _running.TryRemove(source.Arn, out _);
            throw;
        }
        _ = Task.Run(() => RunAsync(handle, source, destination, maxPerSecond, cancel));
        return handle;
    }

    /// <summary>The tasks of a source queue, most recent first (MaxResults 1–10, default 1).</summary>
    public IReadOnlyList<MessageMoveTask> List(string sourceArn, int? maxResults)
    {
        var source = queues.FindByArn(sourceArn)
            ?? throw SqsErrors.ResourceNotFound.With("The resource that you specified for the SourceArn parameter doesn't exist.");
        if (maxResults is < 1 or > MaxListed)
            throw SqsErrors.InvalidValue("MaxResults", maxResults.ToString(), $"Must be between 1 and {MaxListed}.");
        return catalog.Read(connection =>
        {
            using var command = connection.Statement("""
                SELECT handle, status, source_arn, destination_arn, max_per_second, moved, to_move, failure_reason, started_ms
                FROM sqs_move_tasks WHERE source_arn = @source ORDER BY started_ms DESC, handle LIMIT @max
                """);
            command.Bind("@source", source.Arn).Bind("@max", maxResults ?? 1);
            using var reader = command.ExecuteReader();
            var tasks = new List<MessageMoveTask>();
            while (reader.Read())
            {
                tasks.Add(new MessageMoveTask(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetInt64(5),
                    reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt64(8)));
            }
            return tasks;
        });
    }

    /// <summary>Stops a running task; returns how many messages it had moved.</summary>
    public async Task<long> CancelAsync(string handle)
    {
        var task = catalog.Read(connection => Find(connection, handle))
            ?? throw SqsErrors.ResourceNotFound.With("Task does not exist.");
        if (task.Status != MessageMoveTask.Running || !_running.TryGetValue(task.SourceArn, out var cancel))
            throw SqsErrors.UnsupportedOperation.With($"Only a running task can be cancelled; this one is {task.Status}.");
        await catalog.WriteAsync(connection => SetStatus(connection, handle, MessageMoveTask.Cancelling, null));
        await cancel.CancelAsync();
        return task.ApproximateNumberOfMessagesMoved;
    }

    private async Task RunAsync(string handle, SqsQueue source, SqsQueue? destination, int? maxPerSecond, CancellationTokenSource cancel)
    {
        var status = MessageMoveTask.Completed;
        string? reason = null;
        try
        {
            var batch = maxPerSecond ?? BatchSize;
            while (!cancel.IsCancellationRequested)
            {
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                var (moved, woken) = await catalog.WriteAsync(connection => MoveBatch(connection, handle, source, destination, batch, now));
                foreach (var queue in woken) messages.Wake(queue);
                if (moved < batch) break;
                if (maxPerSecond is not null) await Task.Delay(TimeSpan.FromSeconds(1), time, cancel.Token);
            }
            if (cancel.IsCancellationRequested) status = MessageMoveTask.Cancelled;
        }
        catch (OperationCanceledException)
        {
            status = MessageMoveTask.Cancelled;
        }
        catch (SqsException failure)
        {
            (status, reason) = (MessageMoveTask.Failed, failure.Message);
        }
        catch (CatalogException failure)
        {
            LogMoveFailed(logger, handle, failure);
            (status, reason) = (MessageMoveTask.Failed, "The catalog refused a write: " + failure.Message);
        }
        finally
        {
            _running.TryRemove(source.Arn, out _);
            cancel.Dispose();
        }
        await catalog.WriteAsync(connection => SetStatus(connection, handle, status, reason));
    }

    /// <summary>One batch in one transaction: each visible message to the destination, or back to the queue it came from.</summary>
    private (int Moved, List<SqsQueue> Woken) MoveBatch(
        CatalogConnection connection, string handle, SqsQueue source, SqsQueue? destination, int max, long now)
    {
        var woken = new List<SqsQueue>();
        var moved = 0;
        foreach (var item in LeasedQueue.Visible(connection, source.LeasedQueueName, now, max))
        {
            var target = destination ?? OriginOf(item);
            if (LeasedQueue.Move(connection, item.ItemId, source.LeasedQueueName, target.LeasedQueueName, now))
            {
                moved++;
                if (!woken.Contains(target)) woken.Add(target);
            }
        }
        connection.Execute("UPDATE sqs_move_tasks SET moved = moved + @moved WHERE handle = @handle", ("@moved", moved), ("@handle", handle));
        return (moved, woken);
    }

    private SqsQueue OriginOf(QueuedItem item)
    {
        var name = item.DeadLetterSource is { } source && source.StartsWith(SqsQueue.LeasedQueuePrefix, StringComparison.Ordinal)
            ? source[SqsQueue.LeasedQueuePrefix.Length..]
            : null;
        return (name is null ? null : queues.Find(name))
            ?? throw SqsErrors.InvalidParameterValue.With($"Message {item.Key} has no source queue to go back to (it was not dead-lettered, or its queue is gone); give a DestinationArn.");
    }

    private static void SetStatus(CatalogConnection connection, string handle, string status, string? reason) =>
        connection.Execute("UPDATE sqs_move_tasks SET status = @status, failure_reason = @reason WHERE handle = @handle",
            ("@status", status), ("@reason", reason), ("@handle", handle));

    private static MessageMoveTask? Find(CatalogConnection connection, string handle)
    {
        using var command = connection.Statement("""
            SELECT status, source_arn, destination_arn, max_per_second, moved, to_move, failure_reason, started_ms FROM sqs_move_tasks WHERE handle = @handle
            """);
        command.Bind("@handle", handle);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new MessageMoveTask(handle, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt64(7))
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS message move task {Handle} failed on a catalog write")]
    private static partial void LogMoveFailed(ILogger logger, string handle, Exception failure);
}
