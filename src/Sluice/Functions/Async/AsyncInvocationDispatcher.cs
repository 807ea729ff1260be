using Sluice.Catalog;
using Sluice.Functions.Definitions;
using Sluice.Functions.Environments;
using Sluice.Functions.Scheduling;
using Sluice.Queueing;

namespace Sluice.Functions.Async;

/// <summary>
/// Runs the functions' queued invocations as capacity allows, oldest first per function. It leases them from the
/// durable leased queue (<see cref="LeasedQueue"/>) in batches, up to a share per function, and holds the leased ones
/// in its <see cref="AsyncInvocationBacklog"/>, so that a finished invocation starts the next one of its function at
/// once; its completion is written in the background (<see cref="AsyncInvocationCompletions"/>). An invocation stays
/// in the catalog, leased, until its outcome is recorded (success, or retries exhausted), so work in flight at a crash
/// runs again once its lease has expired (at-least-once, as AWS).
/// </summary>
public sealed partial class AsyncInvocationDispatcher : BackgroundService
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(30);

    /// <summary>Leased invocations held per function: enough for a lease to be rare, few enough that one node does not take a whole backlog.</summary>
    private const int RowsPerFunction = 128;
    private const long BytesPerFunction = 8 * 1024 * 1024;

    /// <summary>While requests need the machine, queued work runs one invocation at a time with this pause between starts.</summary>
    private const long YieldPauseMs = 50;
    private const long YieldingReadIntervalMs = 10;
    private const long RenewalRetryMs = 1000;

    private readonly ICatalog _catalog;
    private readonly AsyncInvocationQueue _queue;
    private readonly FunctionRegistry _registry;
    private readonly FunctionScheduler _scheduler;
    private readonly FunctionsOptions _options;
    private readonly EnvironmentFactory _factory;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<AsyncInvocationDispatcher> _logger;
    private readonly ForegroundPressure _foreground;
    private readonly AsyncInvocationCompletions _completions;
    private readonly IQueuedPayloadSource? _payloads;
    private readonly IInvocationRecordTarget[] _targets;
    private readonly Lock _gate = new();
    private readonly AsyncInvocationBacklog _backlog = new(RowsPerFunction, BytesPerFunction);
    private readonly string _owner = LeasedQueue.NewOwner();
    private readonly long _leaseMs;
    private volatile bool _blockedOnCapacity;
    private int _running;
    private long _nextYieldingStartMs;
    private long _nextSweepMs;
    private long _nextRenewalMs;
    private int _renewing;
    private volatile bool _stopping;
    private readonly Action<QueuedInvocation, long> _claimCommitted;

    public AsyncInvocationDispatcher(
        ICatalog catalog, AsyncInvocationQueue queue, FunctionRegistry registry, FunctionScheduler scheduler,
        FunctionsOptions options, EnvironmentFactory factory, TimeProvider time, IHostApplicationLifetime lifetime, ForegroundPressure foreground,
        ILogger<AsyncInvocationDispatcher> logger, IQueuedPayloadSource? payloads = null, IEnumerable<IInvocationRecordTarget>? targets = null)
    {
        _targets = targets?.ToArray() ?? [];
        _payloads = payloads;
        _foreground = foreground;
        _catalog = catalog;
        _queue = queue;
        _registry = registry;
        _scheduler = scheduler;
        _options = options;
        _factory = factory;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
        _leaseMs = (long)options.AsyncLeaseDuration.TotalMilliseconds;
        _claimCommitted = ClaimCommitted;
        queue.ClaimOnEnqueue = TryClaim;
        _completions = new AsyncInvocationCompletions(catalog, queue, time, options.AsyncAttemptRetention,
            destinationsQueued: queue.Wake, writeFailed: error => Log.CompletionWriteFailed(logger, error), retryReleased: RetryReleased);
        // Work that waits for capacity starts on the thread that freed it: the next event of a function with reserved
        // concurrency 1 goes to the environment as soon as the last one answered, before its completion is even queued.
        scheduler.CapacityFreed += () => { if (_blockedOnCapacity) Dispatch(); };
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        await base.StopAsync(cancellationToken);
        List<QueuedInvocation> held;
        lock (_gate)
            held = _backlog.TakeAllHeld();
        if (held.Count > 0)
            await GiveBackAsync(held);
        await _completions.DisposeAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Environments get the server's endpoint, which exists once the server has started.
        var started = new TaskCompletionSource();
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);

        var nextReadMs = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                // Every commit that queues work wakes the loop. While requests need the machine, the events wait anyway,
                // so leasing them at most every few milliseconds keeps those writes from costing each request.
                var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
                var readLater = _foreground.IsHigh && nowMs < nextReadMs;
                if (!readLater)
                {
                    await LeaseAsync();
                    nextReadMs = nowMs + YieldingReadIntervalMs;
                }
                MakePayloads();
                wait = Dispatch(fromLoop: true);
                var renewal = RenewIfDue();
                if (renewal < wait)
                    wait = renewal;
                if (readLater)
                    wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds, nextReadMs - nowMs));
            }
            catch (CatalogException error)
            {
                Log.DispatchFailed(_logger, error);
                wait = TimeSpan.FromSeconds(1);
            }
            try
            {
                // While yielding, a wake per commit would only cost the requests a thread switch each: the loop comes
                // back when it means to read, and finishing invocations start the paced ones meanwhile.
                if (_foreground.IsHigh)
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds, YieldingReadIntervalMs)), _time, stoppingToken);
                else
                    await _queue.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Starts every held invocation that is due and has capacity; returns how long the loop may sleep. While requests
    /// need the whole machine (<see cref="ForegroundPressure"/>), events wait in their durable queue instead of taking
    /// CPU from them: one invocation at a time, with a pause between starts, so that they still move.
    /// </summary>
    private TimeSpan Dispatch(bool fromLoop = false)
    {
        var now = _time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var yielding = _foreground.IsHigh;
        var runs = new List<(FunctionState State, ConcurrencySlot Slot, QueuedInvocation Row)>();
        var notRun = new List<(FunctionState State, QueuedInvocation Row, string Outcome)>();
        bool lease;
        bool paused;
        long? nextDue;
        lock (_gate)
        {
            var blocked = false;
            foreach (var backlog in _backlog.Due())
            {
                if (_registry.Find(backlog.Name) is not { } state)
                    continue;
                var maximumAgeMs = MaximumEventAgeSeconds(state) * 1000L;
                while (backlog.TryPeek(out var row))
                {
                    if (nowMs - row.EnqueuedAtMs > maximumAgeMs)
                        notRun.Add((state, backlog.Take(), AsyncInvocationAttempts.AgeExceeded));
                    else if (state.ReservedConcurrency == 0)
                        notRun.Add((state, backlog.Take(), AsyncInvocationAttempts.Throttled));
                    else if ((yielding && (_running > 0 || nowMs < _nextYieldingStartMs))
                        || (state.ReservedConcurrency is null && backlog.InFlight >= _options.AsyncConcurrencyPerFunction)
                        || _scheduler.TryReserve(state, out _, background: true) is not { } slot)
                    {
                        blocked = true;
                        break;
                    }
                    else
                    {
                        backlog.InFlight++;
                        _foreground.RunningHandlers = ++_running;
                        if (yielding)
                            _nextYieldingStartMs = nowMs + YieldPauseMs;
                        runs.Add((state, slot, backlog.Take()));
                    }
                }
            }
            _blockedOnCapacity = blocked;
            lease = _backlog.WantsLease(nowMs);
            nextDue = _backlog.NextLeaseAt();
            // Paused with nothing running: the loop starts the next one when the pause ends (a finishing invocation does otherwise).
            paused = yielding && blocked && _running == 0 && _nextYieldingStartMs > nowMs;
            if (paused)
                nextDue = Math.Min(nextDue ?? long.MaxValue, _nextYieldingStartMs);
        }
        // The loop sleeps for what its own pass returned: a pause begun elsewhere must reach it.
        if (!fromLoop && (lease || paused))
            _queue.Wake();
        foreach (var (state, row, outcome) in notRun)
            FinishWithoutRunning(state, row, outcome, now);
        foreach (var (state, slot, row) in runs)
            _ = RunAsync(state, slot, row);
        return nextDue is { } at ? TimeSpan.FromMilliseconds(Math.Clamp(at - nowMs, 1, IdleWait.TotalMilliseconds)) : IdleWait;
    }

    private async Task RunAsync(FunctionState state, ConcurrencySlot slot, QueuedInvocation row)
    {
        var name = state.Definition.Name;
        var invocation = new Invocation(row.RequestId)
        {
            Payload = PayloadOf(row),
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
        lock (_gate)
            _backlog.Forget(row.Lease);
        var config = _registry.Find(name)?.EventInvokeConfig;
        if (!result.IsError)
            Finish(state, row, result, attempts, DestinationRecord.Success, attempt);
        else if (attempts > (config?.RetryAttempts ?? 2))
            Finish(state, row, result, attempts, DestinationRecord.RetriesExhausted, attempt);
        else
            RetryLater(row, attempt, result);
        lock (_gate)
        {
            if (_backlog.Find(name) is { } backlog)
                backlog.InFlight--;
            _foreground.RunningHandlers = --_running;
        }
        // The next held row of this function (or another) starts on this thread, without waiting for the loop.
        Dispatch();
    }

    /// <summary>An event too old to run, or for a function throttled to zero: recorded, and sent to the on-failure destination.</summary>
    private void FinishWithoutRunning(FunctionState state, QueuedInvocation row, string outcome, DateTimeOffset now)
    {
        lock (_gate)
            _backlog.Forget(row.Lease);
        if (outcome == AsyncInvocationAttempts.AgeExceeded)
        {
            var maximumAge = MaximumEventAgeSeconds(state);
            Finish(state, row, null, row.Attempts, DestinationRecord.EventAgeExceeded, new AsyncInvocationAttempt(row.RequestId, row.Attempts + 1,
                now, outcome, $"The event is older than the function's maximum event age ({maximumAge} s)."));
        }
        else
        {
            // As AWS since 2021: a function throttled to zero sends its events to the on-failure destination at once (or drops them).
            Finish(state, row, null, row.Attempts + 1, DestinationRecord.RetriesExhausted, new AsyncInvocationAttempt(row.RequestId, row.Attempts + 1,
                now, outcome, "The function's reserved concurrency is 0."));
        }
    }

    /// <summary>Releases the invocation for its next attempt, after a delay that grows with each attempt, and records this one.</summary>
    private void RetryLater(QueuedInvocation row, AsyncInvocationAttempt attempt, InvocationResult result)
    {
        var notBefore = _time.GetUtcNow().ToUnixTimeMilliseconds() + (long)(_options.AsyncRetryDelay.TotalMilliseconds * attempt.Attempt);
        var error = System.Text.Encoding.UTF8.GetString(result.Payload.Span);
        _completions.Add(new AsyncCompletion(row.Lease, row.FunctionName, attempt) { Retry = (notBefore, error) });
    }

    /// <summary>A retry's release is committed: its function leases again when it is due (the loop may be asleep until later).</summary>
    private void RetryReleased(string functionName, long notBeforeMs)
    {
        lock (_gate)
            _backlog.Find(functionName)?.LeaseDue(notBeforeMs);
        _queue.Wake();
    }

    /// <summary>The function's maximum event age, or AWS's default (6 hours) when it has no event invoke config.</summary>
    private static int MaximumEventAgeSeconds(FunctionState state) => state.EventInvokeConfig?.MaximumEventAge ?? 21600;

    private string FunctionArn(string name) => _factory.FunctionArn(name);
}
