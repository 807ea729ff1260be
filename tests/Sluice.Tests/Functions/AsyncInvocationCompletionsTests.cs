using Sluice.Catalog;
using Sluice.Functions;
using Sluice.Functions.Async;
using Sluice.Queueing;

namespace Sluice.Tests.Functions;

public sealed class AsyncInvocationCompletionsTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sluice-completions-").FullName;
    private readonly SqliteCatalog _catalog;
    private readonly AsyncInvocationQueue _queue;
    private int _destinationsQueued;

    public AsyncInvocationCompletionsTests()
    {
        _catalog = new SqliteCatalog(Path.Combine(_folder, "catalog.db"), [QueueSchema.Schema, FunctionsSchema.Create()]);
        _queue = new AsyncInvocationQueue(_catalog, TimeProvider.System);
    }

    private AsyncInvocationCompletions Start() => new(_catalog, _queue, TimeProvider.System, TimeSpan.FromDays(7),
        destinationsQueued: () => Interlocked.Increment(ref _destinationsQueued), writeFailed: error => throw error);

    /// <summary>Enqueues and leases the invocations, as the dispatcher would before running them.</summary>
    private async Task<List<(QueueLease Lease, string Id)>> EnqueueAsync(string function, int count)
    {
        await _catalog.WriteAsync(connection =>
        {
            for (var i = 0; i < count; i++)
                _queue.Enqueue(connection, function, "{}"u8.ToArray(), 1000);
        });
        var leased = await _catalog.WriteAsync(connection =>
            LeasedQueue.Lease(connection, "function:" + function, "test", count, nowMs: 1000, visibilityMs: 60_000));
        return [.. leased.Select(item => (item.Lease, item.Key))];
    }

    private static AsyncInvocationAttempt Attempt(string id, int attempt, string outcome = AsyncInvocationAttempts.Success) =>
        new(id, attempt, DateTimeOffset.UtcNow, outcome, outcome == AsyncInvocationAttempts.Success ? null : "boom");

    [Fact]
    public async Task Add_ManyFinished_RemovesEveryRowAndRecordsEveryAttempt()
    {
        var rows = await EnqueueAsync("f", 300);
        var completions = Start();
        foreach (var (lease, id) in rows)
            completions.Add(new AsyncCompletion(lease, "f", Attempt(id, 1)));
        await completions.DisposeAsync();

        Assert.All(rows, row => Assert.Null(_catalog.Read(c => AsyncInvocationQueue.Pending(c, row.Id))));
        Assert.All(rows, row => Assert.Equal(AsyncInvocationAttempts.Success,
            Assert.Single(_catalog.Read(c => AsyncInvocationAttempts.For(c, row.Id))).Outcome));
        Assert.Equal(0, _destinationsQueued);
    }

    [Fact]
    public async Task Add_Retry_KeepsTheRowWithItsNextTimeAndError()
    {
        var (lease, id) = Assert.Single(await EnqueueAsync("f", 1));
        var completions = Start();
        completions.Add(new AsyncCompletion(lease, "f", Attempt(id, 1, AsyncInvocationAttempts.Error)) { Retry = (123_456, "boom") });
        await completions.DisposeAsync();

        var pending = _catalog.Read(c => AsyncInvocationQueue.Pending(c, id));
        Assert.NotNull(pending);
        Assert.Equal((1, 123_456, "boom"), (pending.Attempts, pending.NextAttemptAt.ToUnixTimeMilliseconds(), pending.LastError));
        Assert.Equal(AsyncInvocationAttempts.Error, Assert.Single(_catalog.Read(c => AsyncInvocationAttempts.For(c, id))).Outcome);
    }

    [Fact]
    public async Task Add_WithDestination_QueuesTheRecordForTheDestinationAndSaysSo()
    {
        var (lease, id) = Assert.Single(await EnqueueAsync("f", 1));
        var completions = Start();
        completions.Add(new AsyncCompletion(lease, "f", Attempt(id, 1)) { Destination = ("destination", "{\"record\":1}"u8.ToArray(), 2000) });
        await completions.DisposeAsync();

        Assert.Null(_catalog.Read(c => AsyncInvocationQueue.Pending(c, id)));
        Assert.Equal(1, new AsyncInvocationQueue(_catalog, TimeProvider.System).Depth("destination"));
        Assert.Equal(1, _destinationsQueued);
    }

    [Fact]
    public async Task Add_LeaseTakenOverMeanwhile_RecordsTheAttemptButLeavesTheInvocationAndQueuesNoDestination()
    {
        var (stale, id) = Assert.Single(await EnqueueAsync("f", 1));
        await _catalog.WriteAsync(connection => LeasedQueue.Lease(connection, "function:f", "other", 1, nowMs: 999_999, visibilityMs: 60_000));
        var completions = Start();
        completions.Add(new AsyncCompletion(stale, "f", Attempt(id, 1)) { Destination = ("destination", "{}"u8.ToArray(), 2000) });
        await completions.DisposeAsync();

        Assert.NotNull(_catalog.Read(c => AsyncInvocationQueue.Pending(c, id)));
        Assert.Single(_catalog.Read(c => AsyncInvocationAttempts.For(c, id)));
        Assert.Equal(0, _queue.Depth("destination"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _catalog.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
