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

    /// <summary>
    /// Rows finished (deleted or rescheduled) since the current pass read the queue: that read may still list
    /// them as due, and running them from it would run them twice.
    /// </summary>
    private readonly HashSet<long> _finishedSincePass = [];
    private readonly Dictionary<string, int> _inFlightPerFunction = new(StringComparer.Ordinal);
    private volatile bool _blockedOnCapacity;
    private long _nextPruneMs;

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
        lock (_inFlight)
            _finishedSincePass.Clear();
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
                    if (_inFlight.Contains(row.Seq) || _finishedSincePass.Contains(row.Seq)) continue;
                var maximumAge = state.EventInvokeConfig?.MaximumEventAge ?? 21600;
                if (now - row.EnqueuedAtMs > maximumAge * 1000L)
                {
                    MarkInFlight(row, functionName);
                    var tooOld = new AsyncInvocationAttempt(row.RequestId, row.Attempts + 1, _time.GetUtcNow(), AsyncInvocationAttempts.AgeExceeded,
                        $"The event is older than the function's maximum event age ({maximumAge} s).");
                    _ = FinishAsync(state, row, null, row.Attempts, DestinationRecord.EventAgeExceeded, tooOld);
                    continue;
                }
                if (state.ReservedConcurrency == 0)
                {
                    // As AWS since 2021: a function throttled to zero sends its events to the on-failure destination at once (or drops them).
                    MarkInFlight(row, functionName);
                    var throttled = new AsyncInvocationAttempt(row.RequestId, row.Attempts + 1, _time.GetUtcNow(), AsyncInvocationAttempts.Throttled,
                        "The function's reserved concurrency is 0.");
                    _ = FinishAsync(state, row, null, row.Attempts + 1, DestinationRecord.RetriesExhausted, throttled);
                    continue;
                }
                if ((state.ReservedConcurrency is null && inFlight >= _options.AsyncConcurrencyPerFunction)
                    || _scheduler.TryReserve(state, out _) is not { } slot)
                {
                    blocked = true;
                    break;
                }
                MarkInFlight(row, functionName);
                inFlight++;
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
        var started = _time.GetUtcNow();
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
        var attempt = AsyncInvocationAttempts.FromResult(row.RequestId, attempts, started, result);
        var config = _registry.Find(name)?.EventInvokeConfig;
        if (!result.IsError)
            await FinishAsync(state, row, result, attempts, DestinationRecord.Success, attempt);
        else if (attempts > (config?.RetryAttempts ?? 2))
            await FinishAsync(state, row, result, attempts, DestinationRecord.RetriesExhausted, attempt);
        else
            await RetryLaterAsync(row, attempt, result);
    }

    /// <summary>Removes the row and, in the same transaction, records the attempt and hands the record to the destination for its condition.</summary>
    private async Task FinishAsync(FunctionState state, QueuedInvocation row, InvocationResult? result, int attempts, string condition, AsyncInvocationAttempt attempt)
    {
        var name = state.Definition.Name;
        var config = _registry.Find(name)?.EventInvokeConfig ?? state.EventInvokeConfig;
        var destination = condition == DestinationRecord.Success ? config?.OnSuccess : config?.OnFailure;
        var now = _time.GetUtcNow();
        var destinationFunction = destination is null ? null : LambdaArns.FunctionName(destination);
        byte[]? record = destinationFunction is null ? null
            : DestinationRecord.Create(now, row.RequestId, FunctionArn(name), condition, attempts, row.Payload, result);
        if (condition != DestinationRecord.Success)
            Log.InvocationFailed(_logger, name, row.RequestId, condition, attempt.Outcome, attempts);
        try
        {
            var prune = PruneDue(now);
            await _catalog.WriteAsync(connection =>
            {
                FunctionRegistry.Execute(connection, "DELETE FROM function_async_queue WHERE seq = $seq", ("$seq", row.Seq));
                AsyncInvocationAttempts.Record(connection, attempt);
                if (record is not null)
                    AsyncInvocationQueue.Enqueue(connection, destinationFunction!, record, now.ToUnixTimeMilliseconds());
                if (prune)
                    AsyncInvocationAttempts.Prune(connection, now - _options.AsyncAttemptRetention);
            });
        }
        finally
        {
            Done(row, name);
        }
        if (record is not null)
            _queue.Wake();
    }

    private async Task RetryLaterAsync(QueuedInvocation row, AsyncInvocationAttempt attempt, InvocationResult result)
    {
        var attempts = attempt.Attempt;
        var notBefore = _time.GetUtcNow().ToUnixTimeMilliseconds() + (long)(_options.AsyncRetryDelay.TotalMilliseconds * attempts);
        var error = System.Text.Encoding.UTF8.GetString(result.Payload.Span);
        try
        {
            await _catalog.WriteAsync(connection =>
            {
                FunctionRegistry.Execute(connection,
                    "UPDATE function_async_queue SET attempts = $attempts, not_before_ms = $notBefore, last_error = $error WHERE seq = $seq",
                    ("$attempts", attempts), ("$notBefore", notBefore), ("$error", error), ("$seq", row.Seq));
                AsyncInvocationAttempts.Record(connection, attempt);
            });
        }
        finally
        {
            Done(row, row.FunctionName);
        }
    }

    /// <summary>True at most once an hour: old attempts are pruned inside a finishing write rather than by a timer of their own.</summary>
    private bool PruneDue(DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var due = Interlocked.Read(ref _nextPruneMs);
        return nowMs >= due && Interlocked.CompareExchange(ref _nextPruneMs, nowMs + 3_600_000, due) == due;
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
            _finishedSincePass.Add(row.Seq);
            if (_inFlightPerFunction.GetValueOrDefault(functionName) <= 1) _inFlightPerFunction.Remove(functionName);
            else _inFlightPerFunction[functionName]--;
        }
        _queue.Wake();
    }

    private string FunctionArn(string name) => _factory.FunctionArn(name);
}
