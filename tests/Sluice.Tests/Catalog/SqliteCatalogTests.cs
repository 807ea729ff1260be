using Sluice.Catalog;

namespace Sluice.Tests.Catalog;

public class SqliteCatalogTests
{
    private static readonly CatalogSchema Schema = new("test", "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");

    [Fact]
    public async Task WriteAsync_OneWriteFailsInBatch_OthersCommitAndFailureIsReportedToItsCaller()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.db");
        await using (var catalog = new SqliteCatalog(path, [Schema]))
        {
            var writes = Enumerable.Range(0, 50)
                .Select(i => catalog.WriteAsync(connection => Insert(connection, i == 25 ? "dup" : $"item{i}")))
                .Append(catalog.WriteAsync(connection => Insert(connection, "dup")))
                .ToList();
            var outcomes = await Task.WhenAll(writes.Select(async write =>
            {
                try { await write; return true; }
                catch (CatalogException failure) when (failure.Failure == CatalogFailure.Constraint) { return false; }
            }));

            Assert.Equal(1, outcomes.Count(ok => !ok));
            Assert.Equal(50L, catalog.Read(connection => Count(connection)));
        }
        File.Delete(path);
    }

    [Fact]
    public async Task WriteAsync_Completed_IsVisibleToNewCatalogOnSameFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.db");
        await using (var catalog = new SqliteCatalog(path, [Schema]))
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => catalog.WriteAsync(connection => Insert(connection, $"n{i}"))));
        await using (var reopened = new SqliteCatalog(path, [Schema]))
            Assert.Equal(20L, reopened.Read(connection => Count(connection)));
        File.Delete(path);
    }

    [Fact]
    public async Task WriteWithoutSyncAsync_Alone_CommitsWithoutSyncAndTheNextDurableWriteSyncsAgain()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.db");
        await using (var catalog = new SqliteCatalog(path, [Schema]))
        {
            long lazyMode = -1;
            await catalog.WriteWithoutSyncAsync(connection => { Insert(connection, "lazy"); lazyMode = SynchronousMode(connection); });
            var durableMode = await catalog.WriteAsync(connection => { Insert(connection, "durable"); return SynchronousMode(connection); });

            Assert.Equal((1L, 2L), (lazyMode, durableMode)); // NORMAL, then FULL
            Assert.Equal(2L, catalog.Read(connection => Count(connection)));
        }
        File.Delete(path);
    }

    [Fact]
    public async Task WriteWithoutSyncAsync_DurableWriteArrivesWhileHeld_SharesItsSyncedCommit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.db");
        await using (var catalog = new SqliteCatalog(path, [Schema]))
        {
            long lazyMode = -1;
            var lazy = catalog.WriteWithoutSyncAsync(connection => { Insert(connection, "lazy"); lazyMode = SynchronousMode(connection); });
            var durable = catalog.WriteAsync(connection => Insert(connection, "durable"));
            await Task.WhenAll(lazy, durable);

            Assert.Equal(2L, lazyMode);
            Assert.Equal(2L, catalog.Read(connection => Count(connection)));
        }
        File.Delete(path);
    }

    [Fact]
    public async Task WriteNowWithoutSyncAsync_HeldWriteWaiting_CommitsBothAtOnceWithoutSync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.db");
        await using (var catalog = new SqliteCatalog(path, [Schema]))
        {
            var held = catalog.WriteWithoutSyncAsync(connection => Insert(connection, "held"));
            var promptMode = await catalog.WriteNowWithoutSyncAsync(connection => { Insert(connection, "prompt"); return SynchronousMode(connection); });
            await held;

            Assert.Equal(1L, promptMode); // NORMAL
            Assert.Equal(2L, catalog.Read(connection => Count(connection)));
        }
        File.Delete(path);
    }

    [Fact]
    public async Task AfterCommit_WritesInOneBatch_RunsForThoseThatCommittedAndNotForOneRolledBack()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.db");
        var committed = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using (var catalog = new SqliteCatalog(path, [Schema]))
        {
            var kept = catalog.WriteAsync(connection => { Insert(connection, "kept"); connection.AfterCommit(() => committed.Add("kept")); });
            var failed = catalog.WriteAsync(connection =>
            {
                connection.AfterCommit(() => committed.Add("failed"));
                Insert(connection, "kept");
            });
            await kept;
            await Assert.ThrowsAsync<CatalogException>(() => failed);

            Assert.Equal(["kept"], committed);
            Assert.Throws<InvalidOperationException>(() => catalog.Read(connection => { connection.AfterCommit(() => { }); return 0; }));
        }
        File.Delete(path);
    }

    private static long SynchronousMode(CatalogConnection connection)
    {
        using var command = connection.Command("PRAGMA synchronous");
        return (long)command.ExecuteScalar()!;
    }

    private static int Insert(CatalogConnection connection, string name) =>
        connection.Execute("INSERT INTO items (name) VALUES (@name)", ("@name", name));

    private static long Count(CatalogConnection connection)
    {
        using var command = connection.Command("SELECT COUNT(*) FROM items");
        return (long)command.ExecuteScalar()!;
    }
}
