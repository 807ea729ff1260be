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
        await _catalog.WriteAsync(connection => Execute(connection, "DELETE FROM function_async_queue"));

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

    private Task EnqueueAsync(AsyncInvocationQueue queue, int count) =>
        _catalog.WriteAsync(connection =>
        {
            for (var i = 0; i < count; i++)
                queue.Enqueue(connection, "f", "{}"u8.ToArray(), 1000);
        });

    private static long HighestSeq(SqliteConnection connection) => Scalar(connection, "SELECT MAX(seq) FROM function_async_queue");

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
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
