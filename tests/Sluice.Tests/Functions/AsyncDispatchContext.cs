using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Catalog;
using Sluice.Functions;
using Sluice.Functions.Async;
using Sluice.Functions.Definitions;
using Sluice.Functions.Environments;
using Sluice.Functions.Logs;
using Sluice.Functions.Scheduling;
using Sluice.Queueing;

namespace Sluice.Tests.Functions;

/// <summary>
/// The async path in process: catalog, registry, scheduler with real Node.js environments, queue and
/// dispatcher, without the HTTP front. Functions run from folders written here.
/// </summary>
public sealed class AsyncDispatchContext : IAsyncDisposable
{
    private readonly string _data;
    private readonly AsyncInvocationDispatcher _dispatcher;

    private AsyncDispatchContext(string data, TimeSpan retryDelay, IQueuedPayloadSource? payloads)
    {
        _data = data;
        Catalog = new SqliteCatalog(Path.Combine(data, "catalog.db"), [QueueSchema.Schema, FunctionsSchema.Create()]);
        var options = new FunctionsOptions { AsyncRetryDelay = retryDelay };
        var factory = new EnvironmentFactory(NullLoggerFactory.Instance, options, "us-east-1", "000000000000", "test", "test", data, () => null);
        Registry = new FunctionRegistry(Catalog);
        Scheduler = new FunctionScheduler(factory, new InvocationLogStore(), () => Registry.ReservedTotal());
        Queue = new AsyncInvocationQueue(Catalog, TimeProvider.System);
        _dispatcher = new AsyncInvocationDispatcher(Catalog, Queue, Registry, Scheduler, options, factory, TimeProvider.System,
            new StartedLifetime(), new ForegroundPressure(TimeProvider.System), NullLogger<AsyncInvocationDispatcher>.Instance, payloads);
    }

    public SqliteCatalog Catalog { get; }
    public FunctionRegistry Registry { get; }
    public FunctionScheduler Scheduler { get; }
    public AsyncInvocationQueue Queue { get; }

    public static async Task<AsyncDispatchContext> StartAsync(TimeSpan retryDelay, IQueuedPayloadSource? payloads = null)
    {
        var context = new AsyncDispatchContext(Directory.CreateTempSubdirectory("sluice-dispatch-").FullName, retryDelay, payloads);
        await context._dispatcher.StartAsync(CancellationToken.None);
        return context;
    }

    /// <summary>Defines a Node.js function whose index.js is <paramref name="code"/>.</summary>
    public Task CreateNodeFunctionAsync(string name, string code, int timeout = 3, int? reservedConcurrency = null, EventInvokeConfig? config = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_data, "code", name)).FullName;
        File.WriteAllText(Path.Combine(folder, "index.js"), code);
        var definition = new FunctionDefinition
        {
            Name = name,
            Runtime = "nodejs20.x",
            Role = "arn:aws:iam::000000000000:role/test",
            Handler = "index.handler",
            Timeout = timeout,
            CodeSha256 = "",
            CodePath = folder,
            IsLocalFolder = true,
            LastModified = DateTimeOffset.UtcNow,
            RevisionId = Guid.NewGuid().ToString(),
        };
        return Registry.MutateAsync(name, _ => new FunctionState(definition, reservedConcurrency, config));
    }

    public IReadOnlyList<AsyncInvocationAttempt> Attempts(string invocationId) =>
        Catalog.Read(connection => AsyncInvocationAttempts.For(connection, invocationId));

    public PendingInvocation? Pending(string invocationId) =>
        Catalog.Read(connection => AsyncInvocationQueue.Pending(connection, invocationId));

    /// <summary>Polls until the condition holds, failing with what was awaited when the deadline passes.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {seconds} s waiting for {what}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.StopAsync(CancellationToken.None);
        _dispatcher.Dispose();
        await Scheduler.DisposeAsync();
        await Catalog.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { }
    }

    private sealed class StartedLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted { get; } = new(canceled: true);
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
