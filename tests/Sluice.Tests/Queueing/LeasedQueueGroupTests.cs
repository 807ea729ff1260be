using Sluice.Catalog;
using Sluice.Queueing;

namespace Sluice.Tests.Queueing;

public sealed class LeasedQueueGroupTests : IAsyncDisposable
{
    private const string Queue = "test:grouped";
    private const string Owner = "owner";
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"queue-groups-{Guid.NewGuid():N}.db");
    private SqliteCatalog? _catalog;

    private SqliteCatalog Catalog => _catalog ??= new SqliteCatalog(_path, [QueueSchema.Schema]);

    private Task EnqueueAsync(string key, string group, long visibleAtMs = 0) =>
        Catalog.WriteAsync(connection => LeasedQueue.Enqueue(connection, Queue, key, [1], null, 0, visibleAtMs, group));

    private async Task<List<string>> LeaseAsync(long nowMs, int max = 10) =>
        [.. (await Catalog.WriteNowWithoutSyncAsync(connection => LeasedQueue.LeaseGrouped(connection, Queue, Owner, max, nowMs, 10_000)))
            .Select(item => item.Key)];

    [Fact]
    public async Task LeaseGrouped_DelayedItemDoesNotBlockItsGroup_LeasedItemDoes()
    {
        await EnqueueAsync("delayed", "g", visibleAtMs: 5_000);
        await EnqueueAsync("now", "g");
        await EnqueueAsync("other", "h");

        Assert.Equal(["now", "other"], await LeaseAsync(nowMs: 0));
        Assert.Empty(await LeaseAsync(nowMs: 5_000));
        Assert.Equal(["delayed", "now", "other"], await LeaseAsync(nowMs: 10_000));
    }

    [Fact]
    public async Task Schema_DataFolderFromBeforeGroups_GainsTheColumnsOnOpenAndKeepsItsItems()
    {
        await using (var old = new SqliteCatalog(_path, [new CatalogSchema("queueing", """
            CREATE TABLE queue_items (
                id INTEGER PRIMARY KEY, queue TEXT NOT NULL, item_key TEXT NOT NULL UNIQUE, payload BLOB NULL, payload_reference INTEGER NULL,
                enqueued_at_ms INTEGER NOT NULL, visible_at_ms INTEGER NOT NULL, lease_owner TEXT NULL, lease_token INTEGER NULL,
                leases INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NULL);
            INSERT INTO queue_items (queue, item_key, enqueued_at_ms, visible_at_ms) VALUES ('test:grouped', 'before', 0, 0);
            """)]))
        {
        }

        await EnqueueAsync("after", "g");

        var leased = await Catalog.WriteNowWithoutSyncAsync(connection => LeasedQueue.LeaseGrouped(connection, Queue, Owner, 10, 100, 1_000));
        Assert.Equal(["before", "after"], leased.Select(item => item.Key));
        Assert.Equal([null, "g"], leased.Select(item => item.Group));
        Assert.All(leased, item => Assert.Equal(100, item.FirstLeasedAtMs));
    }

    public async ValueTask DisposeAsync()
    {
        if (_catalog is not null) await _catalog.DisposeAsync();
        File.Delete(_path);
    }
}
