using Microsoft.Data.Sqlite;
using Sluice.Catalog;
using Sluice.Functions;
using Sluice.Functions.Async;
using Sluice.Queueing;

namespace Sluice.Tests.Functions;

public sealed class AsyncInvocationQueueTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sluice-queue-").FullName;
    private readonly SqliteCatalog _catalog;

    public AsyncInvocationQueueTests() =>
        _catalog = new SqliteCatalog(Path.Combine(_folder, "catalog.db"), [QueueSchema.Schema, FunctionsSchema.Create()]);

    [Fact]
    public async Task Enqueue_SeveralFunctions_EachFunctionHasItsOwnQueueInTheLeasedQueue()
    {
        var queue = new AsyncInvocationQueue(_catalog, TimeProvider.System);
        var ids = await _catalog.WriteAsync(connection => new[] { "f", "f", "g" }.Select(name => queue.Enqueue(connection, name, "{}"u8.ToArray(), 1000)).ToList());

        var leased = await _catalog.WriteAsync(connection => LeasedQueue.Lease(connection, "function:f", "test", 10, nowMs: 1000, visibilityMs: 1000));

        Assert.Equal(ids[..2], leased.Select(item => item.Key));
        Assert.Equal((2L, 1L), (queue.Depth("f"), queue.Depth("g")));
        Assert.Equal(["f", "g"], queue.TakeEnqueuedTo().Order());
        Assert.Empty(queue.TakeEnqueuedTo());
    }

    [Fact]
    public async Task Pending_LeasedInvocation_ShowsItsFunctionAndTheLeaseExpiryAsTheNextAttempt()
    {
        var queue = new AsyncInvocationQueue(_catalog, TimeProvider.System);
        var id = await _catalog.WriteAsync(connection => queue.Enqueue(connection, "f", "{}"u8.ToArray(), 1000));
        await _catalog.WriteAsync(connection => LeasedQueue.Lease(connection, "function:f", "test", 1, nowMs: 2000, visibilityMs: 30_000));

        var pending = _catalog.Read(connection => AsyncInvocationQueue.Pending(connection, id));

        Assert.NotNull(pending);
        Assert.Equal(("f", 0, 1000L, 32_000L), (pending.FunctionName, pending.Attempts, pending.Enqueued.ToUnixTimeMilliseconds(),
            pending.NextAttemptAt.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public async Task Open_QueueFromBeforeTheLeasedQueue_MovesItsRowsIntoItAndKeepsThem()
    {
        var path = Path.Combine(_folder, "old.db");
        using (var old = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            old.Open();
            // As versions before payload references made it.
            Execute(old, """
                CREATE TABLE function_async_queue (seq INTEGER PRIMARY KEY, request_id TEXT NOT NULL UNIQUE, function_name TEXT NOT NULL,
                    payload BLOB NOT NULL, enqueued_at_ms INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                    not_before_ms INTEGER NOT NULL, last_error TEXT NULL);
                INSERT INTO function_async_queue (seq, request_id, function_name, payload, enqueued_at_ms, attempts, not_before_ms, last_error)
                VALUES (7, 'old-invocation', 'f', x'7B7D', 1000, 1, 5000, 'boom');
                """);
        }

        await using var catalog = new SqliteCatalog(path, [QueueSchema.Schema, FunctionsSchema.Create()]);
        var queue = new AsyncInvocationQueue(catalog, TimeProvider.System);
        await catalog.WriteAsync(connection => queue.EnqueueReference(connection, "f", 42, 2000, "new-invocation"));

        Assert.Equal(2L, queue.Depth("f"));
        var pending = catalog.Read(connection => AsyncInvocationQueue.Pending(connection, "old-invocation"))!;
        Assert.Equal(("f", 1, 5000L, "boom"), (pending.FunctionName, pending.Attempts, pending.NextAttemptAt.ToUnixTimeMilliseconds(), pending.LastError));
        var leased = await catalog.WriteAsync(connection => LeasedQueue.Lease(connection, "function:f", "test", 10, nowMs: 5000, visibilityMs: 1000));
        Assert.Equal([("old-invocation", "{}", (long?)null), ("new-invocation", "", 42)],
            leased.Select(item => (item.Key, System.Text.Encoding.UTF8.GetString(item.Payload ?? []), item.PayloadReference)));
        Assert.Equal(0L, catalog.Read(connection => Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'function_async_queue'")));
    }

    private static long Scalar(CatalogConnection connection, string sql)
    {
        using var command = connection.Command(sql);
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _catalog.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
