using Microsoft.Data.Sqlite;
using Sluice.Catalog;

namespace Sluice.Functions;

/// <summary>
/// Takes due rows of the async queue and runs them as capacity allows, oldest first per function.
/// A row stays in the catalog until its invocation finished (success, or retries exhausted), so
/// work in flight at a crash runs again after restart (at-least-once, as AWS). In-flight rows are
/// tracked in memory: one process owns the SQLite catalog, and a restart begins with none.
/// </summary>
public sealed partial class AsyncInvocationDispatcher : BackgroundService
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(30);

    private readonly SqliteCatalog _catalog;
    private readonly AsyncInvocationQueue _queue;
    private readonly FunctionRegistry _registry;
    private readonly FunctionScheduler _scheduler;
    private readonly FunctionsOptions _options;
    private readonly EnvironmentFactory _factory;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<AsyncInvocationDispatcher> _logger;
    private readonly HashSet<long> _inFlight = [];
    private readonly Dictionary<string, int> _inFlightPerFunction = new(StringComparer.Ordinal);
    private volatile bool _blockedOnCapacity;

    public AsyncInvocationDispatcher(
        SqliteCatalog catalog, AsyncInvocationQueue queue, FunctionRegistry registry, FunctionScheduler scheduler,
        FunctionsOptions options, EnvironmentFactory factory, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<AsyncInvocationDispatcher> logger)
    {
        _catalog = catalog;
        _queue = queue;
        _registry = registry;
        _scheduler = scheduler;
        _options = options;
        _factory = factory;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
        // Only a dispatcher that found work waiting for capacity needs to hear about freed capacity.
        scheduler.CapacityFreed += () => { if (_blockedOnCapacity) queue.Wake(); };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Environments get the server's endpoint, which exists once the server has started.
        var started = new TaskCompletionSource();
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = DispatchDue();
            }
            catch (SqliteException error)
            {
                Log.DispatchFailed(_logger, error);
                wait = TimeSpan.FromSeconds(1);
            }
            try
            {
                await _queue.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Starts every due invocation that has capacity; returns how long to sleep.</summary>
    private TimeSpan DispatchDue()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var blocked = false;
        foreach (var functionName in _catalog.Read(c => DueFunctions(c, now)))
        {
            if (_registry.Find(functionName) is not { } state)
                continue;
            int inFlight;
            lock (_inFlight)
                inFlight = _inFlightPerFunction.GetValueOrDefault(functionName);
            var rows = _catalog.Read(c => DueRows(c, functionName, now, inFlight + 64));
            foreach (var row in rows)
            {
                lock (_inFlight)
                    if (_inFlight.Contains(row.Seq)) continue;
                var config = state.EventInvokeConfig;
                var maximumAgeMs = (config?.MaximumEventAge ?? 21600) * 1000L;
                if (now - row.EnqueuedAtMs > maximumAgeMs)
                {
                    MarkInFlight(row, functionName);
                    _ = FinishAsync(state, row, null, row.Attempts, DestinationRecord.EventAgeExceeded);
                    continue;
                }
                if (_scheduler.TryReserve(state, out _) is not { } slot)
                {
                    blocked = true;
                    break;
                }
                MarkInFlight(row, functionName);
                _ = RunAsync(state, slot, row);
            }
        }
        _blockedOnCapacity = blocked;
        var nextDue = _catalog.Read(c => NextDueAt(c, now));
        return nextDue is { } at ? TimeSpan.FromMilliseconds(Math.Clamp(at - now, 1, IdleWait.TotalMilliseconds)) : IdleWait;
    }

    private async Task RunAsync(FunctionState state, ConcurrencySlot slot, QueuedInvocation row)
    {
        var name = state.Definition.Name;
        var invocation = new Invocation(row.RequestId)
        {
            Payload = row.Payload,
            FunctionArn = FunctionArn(name),
        };
        InvocationResult result;
        try
        {
            result = await _scheduler.RunAsync(slot, invocation);
        }
        catch (Exception error)
        {
            Log.InvocationCrashed(_logger, name, row.RequestId, error);
            result = InvocationResult.PlatformError("ServiceException", error.Message);
        }
        var attempts = row.Attempts + 1;
        var config = _registry.Find(name)?.EventInvokeConfig;
        if (!result.IsError)
            await FinishAsync(state, row, result, attempts, DestinationRecord.Success);
        else if (attempts > (config?.RetryAttempts ?? 2))
            await FinishAsync(state, row, result, attempts, DestinationRecord.RetriesExhausted);
        else
            await RetryLaterAsync(row, attempts, result);
    }

    /// <summary>Removes the row and, in the same transaction, hands the record to the destination for its condition.</summary>
    private async Task FinishAsync(FunctionState state, QueuedInvocation row, InvocationResult? result, int attempts, string condition)
    {
        var name = state.Definition.Name;
        var config = _registry.Find(name)?.EventInvokeConfig ?? state.EventInvokeConfig;
        var destination = condition == DestinationRecord.Success ? config?.OnSuccess : config?.OnFailure;
        var now = _time.GetUtcNow();
        var destinationFunction = destination is null ? null : LambdaArns.FunctionName(destination);
        byte[]? record = destinationFunction is null ? null
            : DestinationRecord.Create(now, row.RequestId, FunctionArn(name), condition, attempts, row.Payload, result);
        if (condition != DestinationRecord.Success)
            Log.InvocationFailed(_logger, name, row.RequestId, condition, attempts);
        try
        {
            await _catalog.WriteAsync(connection =>
            {
                FunctionRegistry.Execute(connection, "DELETE FROM function_async_queue WHERE seq = $seq", ("$seq", row.Seq));
                if (record is not null)
                    AsyncInvocationQueue.Enqueue(connection, destinationFunction!, record, now.ToUnixTimeMilliseconds());
            });
        }
        finally
        {
            Done(row, name);
        }
        if (record is not null)
            _queue.Wake();
    }

    private async Task RetryLaterAsync(QueuedInvocation row, int attempts, InvocationResult result)
    {
        var notBefore = _time.GetUtcNow().ToUnixTimeMilliseconds() + (long)(_options.AsyncRetryDelay.TotalMilliseconds * attempts);
        var error = System.Text.Encoding.UTF8.GetString(result.Payload.Span);
        try
        {
            await _catalog.WriteAsync(connection => FunctionRegistry.Execute(connection,
                "UPDATE function_async_queue SET attempts = $attempts, not_before_ms = $notBefore, last_error = $error WHERE seq = $seq",
                ("$attempts", attempts), ("$notBefore", notBefore), ("$error", error), ("$seq", row.Seq)));
        }
        finally
        {
            Done(row, row.FunctionName);
        }
    }

    private void MarkInFlight(QueuedInvocation row, string functionName)
    {
        lock (_inFlight)
        {
            _inFlight.Add(row.Seq);
            _inFlightPerFunction[functionName] = _inFlightPerFunction.GetValueOrDefault(functionName) + 1;
        }
    }

    private void Done(QueuedInvocation row, string functionName)
    {
        lock (_inFlight)
        {
            _inFlight.Remove(row.Seq);
            if (_inFlightPerFunction.GetValueOrDefault(functionName) <= 1) _inFlightPerFunction.Remove(functionName);
            else _inFlightPerFunction[functionName]--;
        }
        _queue.Wake();
    }

    private string FunctionArn(string name) => _factory.FunctionArn(name);

    private static List<string> DueFunctions(SqliteConnection connection, long now)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT function_name FROM function_async_queue WHERE not_before_ms <= $now";
        command.Parameters.AddWithValue("$now", now);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private static List<QueuedInvocation> DueRows(SqliteConnection connection, string functionName, long now, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, request_id, payload, enqueued_at_ms, attempts FROM function_async_queue
            WHERE function_name = $function AND not_before_ms <= $now ORDER BY seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$function", functionName);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<QueuedInvocation>();
        while (reader.Read())
            rows.Add(new QueuedInvocation(reader.GetInt64(0), reader.GetString(1), functionName, (byte[])reader[2], reader.GetInt64(3), reader.GetInt32(4)));
        return rows;
    }

    private static long? NextDueAt(SqliteConnection connection, long now)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(not_before_ms) FROM function_async_queue WHERE not_before_ms > $now";
        command.Parameters.AddWithValue("$now", now);
        return command.ExecuteScalar() is long at ? at : null;
    }

    private sealed record QueuedInvocation(long Seq, string RequestId, string FunctionName, byte[] Payload, long EnqueuedAtMs, int Attempts);
}
