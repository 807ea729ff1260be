using System.Diagnostics;
using Sluice.Functions.Definitions;
using Sluice.Functions.Environments;
using Sluice.Functions.Logs;

namespace Sluice.Functions.Scheduling;

/// <summary>A reserved place for one invocation: a warm environment, or the right to start one.</summary>
public sealed class ConcurrencySlot
{
    internal ConcurrencySlot(FunctionDefinition function, bool fromUnreservedPool, bool background, ExecutionEnvironment? warm)
    {
        Function = function;
        FromUnreservedPool = fromUnreservedPool;
        Background = background;
        Warm = warm;
    }

    public FunctionDefinition Function { get; }

    /// <summary>For queued work: a new environment is started at background priority.</summary>
    internal bool Background { get; }
    internal bool FromUnreservedPool { get; }
    internal ExecutionEnvironment? Warm { get; }
}

/// <summary>
/// Keeps each function's pool of environments and enforces the limits: a function with
/// reserved concurrency N runs at most N at once; the others share what the account has left.
/// An invocation takes a warm idle environment (most recently used first) or starts a new one.
/// </summary>
public sealed partial class FunctionScheduler : IAsyncDisposable
{
    private readonly EnvironmentFactory _factory;
    private readonly InvocationLogStore _logs;
    private readonly Func<int> _reservedTotal;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Pool> _pools = new(StringComparer.Ordinal);
    private readonly ITimer _reaper;
    private int _unreservedInUse;
    private bool _disposed;

    public FunctionScheduler(EnvironmentFactory factory, InvocationLogStore logs, Func<int> reservedTotal)
    {
        _factory = factory;
        _logs = logs;
        _reservedTotal = reservedTotal;
        _logger = factory.LoggerFactory.CreateLogger<FunctionScheduler>();
        var period = TimeSpan.FromMilliseconds(Math.Clamp(factory.Options.IdleTimeout.TotalMilliseconds / 4, 50, 30_000));
        _reaper = factory.Time.CreateTimer(_ => ReapIdle(), null, period, period);
    }

    /// <summary>Raised (outside the lock) whenever an invocation finishes, so queued work can go.</summary>
    public event Action? CapacityFreed;

    public int AccountConcurrency => _factory.Options.AccountConcurrency;

    /// <summary>
    /// Takes capacity for one invocation, or returns null with the throttle reason. A <paramref name="background"/>
    /// invocation (queued work) prefers an environment started for background work, and starts one if it needs to.
    /// </summary>
    public ConcurrencySlot? TryReserve(FunctionState state, out string throttleReason, bool background = false)
    {
        var function = state.Definition;
        lock (_gate)
        {
            throttleReason = "";
            if (_disposed)
            {
                throttleReason = "ConcurrentInvocationLimitExceeded";
                return null;
            }
            var pool = PoolOf(function);
            bool unreserved = state.ReservedConcurrency is null;
            if (state.ReservedConcurrency is { } reserved && pool.InUse >= reserved)
            {
                throttleReason = "ReservedFunctionConcurrentInvocationLimitExceeded";
                return null;
            }
            if (unreserved && _unreservedInUse >= AccountConcurrency - _reservedTotal())
            {
                throttleReason = "ConcurrentInvocationLimitExceeded";
                return null;
            }
            pool.InUse++;
            if (unreserved) _unreservedInUse++;
            return new ConcurrencySlot(function, unreserved, background, TakeIdle(pool, background));
        }
    }

    /// <summary>Runs one invocation in the slot's environment (starting one if needed), then frees the slot.</summary>
    public async Task<InvocationResult> RunAsync(ConcurrencySlot slot, Invocation invocation)
    {
        var environment = slot.Warm;
        InvocationResult result;
        try
        {
            if (environment is null)
            {
                try
                {
                    environment = await _factory.StartAsync(slot.Function, CancellationToken.None, slot.Background);
                    Track(environment);
                }
                catch (EnvironmentStartException error)
                {
                    invocation.Log.Append(error.Message);
                    invocation.Log.CloseStream();
                    return InvocationResult.PlatformError(error.ErrorType, error.Message);
                }
            }
            result = await environment.InvokeAsync(invocation);
        }
        finally
        {
            Release(slot, environment);
        }
        invocation.LogCapture = _logs.CaptureAsync(slot.Function.Name, invocation, RuntimeLauncher.WritesEndMarkers(slot.Function.Runtime));
        return result;
    }

    /// <summary>Stops the idle environments of a function whose code or configuration changed; busy ones retire when done.</summary>
    public void Retire(string functionName)
    {
        List<ExecutionEnvironment> stopping;
        lock (_gate)
        {
            if (!_pools.TryGetValue(functionName, out var pool)) return;
            pool.Revision = null;
            stopping = [.. pool.Idle];
            pool.Idle.Clear();
        }
        foreach (var environment in stopping)
            environment.Stop("function updated");
    }

    public int EnvironmentCount(string functionName)
    {
        lock (_gate)
            return _pools.TryGetValue(functionName, out var pool) ? pool.All.Count : 0;
    }

    public async ValueTask DisposeAsync()
    {
        List<ExecutionEnvironment> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _pools.Values.SelectMany(p => p.All)];
        }
        await _reaper.DisposeAsync();
        await Task.WhenAll(all.Select(e => e.DisposeAsync().AsTask()));
    }

    private Pool PoolOf(FunctionDefinition function)
    {
        if (!_pools.TryGetValue(function.Name, out var pool))
            _pools[function.Name] = pool = new Pool();
        if (pool.Revision != function.RevisionId)
        {
            // Code or configuration changed: warm environments run the old one, so none is reused.
            foreach (var stale in pool.Idle)
                stale.Stop("function updated");
            pool.Idle.Clear();
            pool.Revision = function.RevisionId;
        }
        return pool;
    }

    /// <summary>The most recently used idle environment, of the wanted priority when one is idle.</summary>
    private static ExecutionEnvironment? TakeIdle(Pool pool, bool background)
    {
        pool.Idle.RemoveAll(candidate => candidate.State != EnvironmentState.Idle);
        var index = pool.Idle.FindLastIndex(candidate => candidate.Background == background);
        if (index < 0 && pool.Idle.Count > 0)
            index = pool.Idle.Count - 1;
        if (index < 0)
            return null;
        var taken = pool.Idle[index];
        pool.Idle.RemoveAt(index);
        return taken;
    }

    private void Track(ExecutionEnvironment environment)
    {
        lock (_gate)
            PoolOf(environment.Function).All.Add(environment);
        environment.Exited.ContinueWith(_ =>
        {
            lock (_gate)
            {
                if (_pools.TryGetValue(environment.Function.Name, out var pool))
                {
                    pool.All.Remove(environment);
                    pool.Idle.Remove(environment);
                }
            }
        }, TaskScheduler.Default);
    }

    private void Release(ConcurrencySlot slot, ExecutionEnvironment? environment)
    {
        bool stop = false;
        lock (_gate)
        {
            var pool = _pools[slot.Function.Name];
            pool.InUse--;
            if (slot.FromUnreservedPool) _unreservedInUse--;
            if (environment is not null)
            {
                if (environment.State == EnvironmentState.Idle && pool.Revision == environment.Function.RevisionId && !_disposed)
                    pool.Idle.Add(environment);
                else
                    stop = true;
            }
        }
        if (stop) environment!.Stop("not reusable");
        CapacityFreed?.Invoke();
    }

    private void ReapIdle()
    {
        var idleTimeout = _factory.Options.IdleTimeout;
        var expired = new List<ExecutionEnvironment>();
        lock (_gate)
        {
            foreach (var pool in _pools.Values)
            {
                pool.Idle.RemoveAll(environment =>
                {
                    if (_factory.Time.GetElapsedTime(environment.LastUsed) < idleTimeout) return false;
                    expired.Add(environment);
                    return true;
                });
            }
        }
        foreach (var environment in expired)
        {
            Log.Reaped(_logger, environment.Id, environment.Function.Name);
            environment.Stop("idle");
        }
    }

    private sealed class Pool
    {
        public List<ExecutionEnvironment> Idle { get; } = [];
        public HashSet<ExecutionEnvironment> All { get; } = [];
        public int InUse { get; set; }
        public string? Revision { get; set; }
    }
}
