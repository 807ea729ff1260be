namespace Sluice.Functions;

/// <summary>Limits and timings of the functions capability; defaults follow AWS.</summary>
public sealed class FunctionsOptions
{
    /// <summary>Account-wide concurrent executions (AWS default 1000 per region).</summary>
    public int AccountConcurrency { get; init; } = 1000;

    /// <summary>
    /// Environments one function's queued (async) invocations may occupy when it has no reserved concurrency.
    /// Lambda scales out across a fleet; on one machine, starting a process per queued event only makes the
    /// cold starts compete with the work for the same cores, so the backlog drains faster through a few warm ones.
    /// </summary>
    public int AsyncConcurrencyPerFunction { get; init; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>
    /// How long a new environment's runtime may take from its start to its first request for an event (Lambda's
    /// init timeout, 10 s); the function's own timeout then bounds the handler, as on every warm invocation.
    /// </summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An idle environment older than this is stopped.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay before the second async attempt; the third waits twice as long (AWS: ~1 and ~2 minutes).</summary>
    public TimeSpan AsyncRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a lease on a queued async invocation lasts; the dispatcher renews the leases it holds every third of it.
    /// After a crash, what was leased is handed out again once its lease has expired.
    /// </summary>
    public TimeSpan AsyncLeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the attempts of asynchronous invocations are kept (the event log shows them).</summary>
    public TimeSpan AsyncAttemptRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Folder holding the node_modules that the Node.js runtime resolves bare imports from (the AWS SDK).</summary>
    public string? NodeModulesPath { get; init; }

    /// <summary>
    /// Reads the overrides a test or operator sets in the environment, so the AWS defaults
    /// (minutes between retries) can be shortened without a new command-line surface.
    /// </summary>
    public static FunctionsOptions FromEnvironment()
    {
        var defaults = new FunctionsOptions();
        return new FunctionsOptions
        {
            AccountConcurrency = ReadInt("SLUICE_FUNCTIONS_ACCOUNT_CONCURRENCY") ?? defaults.AccountConcurrency,
            AsyncConcurrencyPerFunction = ReadInt("SLUICE_FUNCTIONS_ASYNC_CONCURRENCY") ?? defaults.AsyncConcurrencyPerFunction,
            InitTimeout = ReadMilliseconds("SLUICE_FUNCTIONS_INIT_TIMEOUT_MS") ?? defaults.InitTimeout,
            IdleTimeout = ReadMilliseconds("SLUICE_FUNCTIONS_IDLE_TIMEOUT_MS") ?? defaults.IdleTimeout,
            AsyncRetryDelay = ReadMilliseconds("SLUICE_FUNCTIONS_ASYNC_RETRY_DELAY_MS") ?? defaults.AsyncRetryDelay,
            AsyncLeaseDuration = ReadMilliseconds("SLUICE_FUNCTIONS_ASYNC_LEASE_MS") ?? defaults.AsyncLeaseDuration,
            NodeModulesPath = Environment.GetEnvironmentVariable("SLUICE_NODE_MODULES"),
        };
    }

    private static int? ReadInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : null;

    private static TimeSpan? ReadMilliseconds(string name) =>
        ReadInt(name) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
}
