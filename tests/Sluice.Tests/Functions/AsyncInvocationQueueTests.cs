using Microsoft.Data.Sqlite;
using Sluice.Catalog;
using Sluice.Functions;

namespace Sluice.Tests.Functions;

public sealed class AsyncInvocationQueueTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sluice-queue-").FullName;
    private readonly SqliteCatalog _catalog;

    public AsyncInvocationQueueTests() =>
        _catalog = new SqliteCatalog(Path.Combine(_folder, "catalog.db"), [FunctionsSchema.Create()]);

    [Fact]
    public async Task Enqueue_AfterTheNewestRowsWereDeleted_GetsASeqPastEveryOneHandedOut()
    {
        var queue = new AsyncInvocationQueue(_catalog, TimeProvider.System);
        await EnqueueAsync(queue, 3);
        var highest = _catalog.Read(HighestSeq);
        await _catalog.WriteAsync(connection => connection.Execute("DELETE FROM function_async_queue"));

        await EnqueueAsync(queue, 1);

        Assert.Equal(highest + 1, _catalog.Read(HighestSeq));
    }

    [Fact]
    public async Task Enqueue_NewQueueOverExistingRows_ContinuesAfterTheHighestSeq()
    {
        await EnqueueAsync(new AsyncInvocationQueue(_catalog, TimeProvider.System), 5);
        var highest = _catalog.Read(HighestSeq);

        await EnqueueAsync(new AsyncInvocationQueue(_catalog, TimeProvider.System), 1);

        Assert.Equal(highest + 1, _catalog.Read(HighestSeq));
        Assert.Equal(6L, _catalog.Read(connection => Scalar(connection, "SELECT COUNT(*) FROM function_async_queue")));
    }

    [Fact]
    public async Task Open_QueueFromBeforePayloadReferences_GainsTheColumnAndKeepsItsRows()
    {
        var path = Path.Combine(_folder, "old.db");
        using (var old = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            old.Open();
            Execute(old, """
                CREATE TABLE function_async_queue (seq INTEGER PRIMARY KEY, request_id TEXT NOT NULL UNIQUE, function_name TEXT NOT NULL,
                    payload BLOB NOT NULL, enqueued_at_ms INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                    not_before_ms INTEGER NOT NULL, last_error TEXT NULL);
                INSERT INTO function_async_queue (seq, request_id, function_name, payload, enqueued_at_ms, not_before_ms)
                VALUES (7, 'old-invocation', 'f', x'7B7D', 1000, 1000);
                """);
        }

        await using var catalog = new SqliteCatalog(path, [FunctionsSchema.Create()]);
        var queue = new AsyncInvocationQueue(catalog, TimeProvider.System);
        await catalog.WriteAsync(connection => queue.EnqueueReference(connection, "f", 42, 2000, "new-invocation"));

        Assert.Equal(2L, queue.Depth("f"));
        Assert.Equal(1L, catalog.Read(connection => Scalar(connection,
            "SELECT COUNT(*) FROM function_async_queue WHERE request_id = 'old-invocation' AND payload = x'7B7D' AND payload_reference IS NULL")));
        Assert.Equal(1L, catalog.Read(connection => Scalar(connection,
            "SELECT COUNT(*) FROM function_async_queue WHERE seq = 8 AND payload_reference = 42")));
    }

    private Task EnqueueAsync(AsyncInvocationQueue queue, int count) =>
        _catalog.WriteAsync(connection =>
        {
            for (var i = 0; i < count; i++)
                queue.Enqueue(connection, "f", "{}"u8.ToArray(), 1000);
        });

    private static long HighestSeq(CatalogConnection connection) => Scalar(connection, "SELECT MAX(seq) FROM function_async_queue");

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

    public async ValueTask DisposeAsync()
    {
        await _catalog.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
