using Sluice.Catalog;
using Sluice.Queueing;

namespace Sluice.Tests.Queueing;

public sealed class LeasedQueueTests : IAsyncLifetime
{
    private const string Queue = "test:q";
    private const string Owner = "owner-a";
    private const string OtherOwner = "owner-b";
    private const long Hour = 3_600_000;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"queue-{Guid.NewGuid():N}.db");
    private SqliteCatalog _catalog;

    public LeasedQueueTests() => _catalog = Open();

    private SqliteCatalog Open() => new(_path, [QueueSchema.Schema]);

    private Task EnqueueAsync(string key, long enqueuedAtMs = 0, long? visibleAtMs = null, string queue = Queue) =>
        _catalog.WriteAsync(connection =>
            LeasedQueue.Enqueue(connection, queue, key, [1, 2, 3], null, enqueuedAtMs, visibleAtMs ?? enqueuedAtMs));

    private Task<List<QueueItem>> LeaseAsync(long nowMs, int max = 10, long visibilityMs = 30_000, string owner = Owner, string queue = Queue) =>
        _catalog.WriteNowWithoutSyncAsync(connection => LeasedQueue.Lease(connection, queue, owner, max, nowMs, visibilityMs));

    private QueueItemState? Find(string key) => _catalog.Read(connection => LeasedQueue.Find(connection, key));

    private static List<string> Keys(List<QueueItem> items) => [.. items.Select(item => item.Key)];

    [Fact]
    public async Task Lease_SeveralVisible_HandsOutOnlyVisibleOnesOldestFirstAndAtMostN()
    {
        foreach (var key in new[] { "a", "b", "c", "d" })
            await EnqueueAsync(key);
        await EnqueueAsync("delayed", visibleAtMs: 5_000);
        await EnqueueAsync("elsewhere", queue: "test:other");

        var first = await LeaseAsync(nowMs: 100, max: 3);
        var second = await LeaseAsync(nowMs: 100, max: 10);
        var later = await LeaseAsync(nowMs: 5_000);

        Assert.Equal(["a", "b", "c"], Keys(first));
        Assert.Equal(["d"], Keys(second));
        Assert.Equal(["delayed"], Keys(later));
        Assert.All(first, item => Assert.Equal((1, 0, 30_100L), (item.Leases, item.Attempts, item.LeaseExpiresAtMs)));
        Assert.Equal([1, 2, 3], first[0].Payload);
        Assert.True(Find("a")!.Leased);
    }

    [Fact]
    public async Task EnqueueLeased_ConsumerWithRoom_HoldsTheNewItemWithoutALeaseOfItsOwnUntilItsLeaseExpires()
    {
        var lease = await _catalog.WriteAsync(connection =>
            LeasedQueue.EnqueueLeased(connection, Queue, "claimed", null, 9, enqueuedAtMs: 0, Owner, untilMs: 30_000));

        Assert.Empty(await LeaseAsync(nowMs: 29_999, owner: OtherOwner));
        Assert.True(Find("claimed")!.Leased);
        Assert.True(await _catalog.WriteAsync(connection => LeasedQueue.Extend(connection, lease, untilMs: 40_000)));
        var takenOver = Assert.Single(await LeaseAsync(nowMs: 40_000, owner: OtherOwner));
        Assert.Equal(("claimed", 2, (long?)9), (takenOver.Key, takenOver.Leases, takenOver.PayloadReference));
        Assert.False(await _catalog.WriteAsync(connection => LeasedQueue.Complete(connection, lease)));
    }

    [Fact]
    public async Task Lease_NewCatalogOnTheSameFileAfterARestart_TakesOverExpiredLeasesButNotUnexpiredOnes()
    {
        await EnqueueAsync("short");
        await EnqueueAsync("long");
        await LeaseAsync(nowMs: 0, max: 1, visibilityMs: 1_000);
        await LeaseAsync(nowMs: 0, max: 1, visibilityMs: 60_000);
        await _catalog.DisposeAsync();

        _catalog = Open();
        var beforeExpiry = await LeaseAsync(nowMs: 999, visibilityMs: Hour, owner: OtherOwner);
        var afterShort = await LeaseAsync(nowMs: 1_000, visibilityMs: Hour, owner: OtherOwner);
        var stillHeld = await LeaseAsync(nowMs: 59_999, visibilityMs: Hour, owner: OtherOwner);
        var afterLong = await LeaseAsync(nowMs: 60_000, visibilityMs: Hour, owner: OtherOwner);

        Assert.Empty(beforeExpiry);
        Assert.Equal(("short", 2), (Assert.Single(afterShort).Key, afterShort[0].Leases));
        Assert.Empty(stillHeld);
        Assert.Equal("long", Assert.Single(afterLong).Key);
    }

    [Fact]
    public async Task Complete_StaleLeaseAfterTakeOver_IsRefusedAndTheHolderCompletes()
    {
        await EnqueueAsync("a");
        var stale = Assert.Single(await LeaseAsync(nowMs: 0, visibilityMs: 1_000)).Lease;
        var current = Assert.Single(await LeaseAsync(nowMs: 2_000, owner: OtherOwner)).Lease;

        var staleCompleted = await _catalog.WriteAsync(connection => LeasedQueue.Complete(connection, stale));
        var staleReleased = await _catalog.WriteAsync(connection => LeasedQueue.Release(connection, stale, 0, "late"));
        Assert.False(staleCompleted || staleReleased);
        Assert.NotNull(Find("a"));

        Assert.True(await _catalog.WriteAsync(connection => LeasedQueue.Complete(connection, current)));
        Assert.Null(Find("a"));
        Assert.Equal(0, _catalog.Read(connection => LeasedQueue.Depth(connection, Queue)));
    }

    [Fact]
    public async Task Release_ForRetryAtATime_InvisibleUntilThenWithAttemptsCountedAndLastErrorKept()
    {
        await EnqueueAsync("a");
        var lease = Assert.Single(await LeaseAsync(nowMs: 0)).Lease;

        Assert.True(await _catalog.WriteAsync(connection => LeasedQueue.Release(connection, lease, visibleAtMs: 5_000, "boom")));

        var state = Find("a")!;
        Assert.Equal((false, 5_000L, 1, "boom"), (state.Leased, state.VisibleAtMs, state.Attempts, state.LastError));
        Assert.Empty(await LeaseAsync(nowMs: 4_999));
        var again = Assert.Single(await LeaseAsync(nowMs: 5_000));
        Assert.Equal((2, 1, "boom"), (again.Leases, again.Attempts, again.LastError));
        Assert.False(await _catalog.WriteAsync(connection => LeasedQueue.Complete(connection, lease)));
    }

    [Fact]
    public async Task Extend_ByTheHolder_KeepsTheItemInvisibleLonger_AndAStaleLeaseCannot()
    {
        await EnqueueAsync("a");
        var lease = Assert.Single(await LeaseAsync(nowMs: 0, visibilityMs: 1_000)).Lease;

        Assert.True(await _catalog.WriteAsync(connection => LeasedQueue.Extend(connection, lease, untilMs: 10_000)));

        Assert.Empty(await LeaseAsync(nowMs: 9_999, owner: OtherOwner));
        Assert.Single(await LeaseAsync(nowMs: 10_000, owner: OtherOwner));
        Assert.False(await _catalog.WriteAsync(connection => LeasedQueue.Extend(connection, lease, untilMs: 99_000)));
    }

    [Fact]
    public async Task GiveBack_UnstartedWork_IsVisibleAtOnceWithoutAnAttempt()
    {
        await EnqueueAsync("a");
        var lease = Assert.Single(await LeaseAsync(nowMs: 0)).Lease;

        Assert.True(await _catalog.WriteAsync(connection => LeasedQueue.GiveBack(connection, lease, nowMs: 10)));

        var again = Assert.Single(await LeaseAsync(nowMs: 10, owner: OtherOwner));
        Assert.Equal((2, 0), (again.Leases, again.Attempts));
    }

    [Fact]
    public async Task DeadLetter_ByTheHolder_MovesTheItemToTheTargetQueueVisibleAtOnceWithItsHistory()
    {
        await EnqueueAsync("a");
        var first = Assert.Single(await LeaseAsync(nowMs: 0)).Lease;
        await _catalog.WriteAsync(connection => LeasedQueue.Release(connection, first, 0, "first failure"));
        var second = Assert.Single(await LeaseAsync(nowMs: 0)).Lease;

        Assert.True(await _catalog.WriteAsync(connection => LeasedQueue.DeadLetter(connection, second, "test:dead", nowMs: 50, "gave up")));

        Assert.Empty(await LeaseAsync(nowMs: 1_000_000));
        var dead = Assert.Single(await LeaseAsync(nowMs: 50, queue: "test:dead"));
        Assert.Equal(("a", 3, 1, "gave up"), (dead.Key, dead.Leases, dead.Attempts, dead.LastError));
        Assert.False(await _catalog.WriteAsync(connection => LeasedQueue.DeadLetter(connection, second, "test:dead", 60, null)));
    }

    [Fact]
    public async Task Stats_SeveralQueues_ReportEachDepthAndOldestAge()
    {
        await EnqueueAsync("a1", enqueuedAtMs: 1_000);
        await EnqueueAsync("a2", enqueuedAtMs: 4_000);
        await EnqueueAsync("b1", enqueuedAtMs: 9_000, queue: "test:other");
        await LeaseAsync(nowMs: 5_000, max: 1);

        var stats = _catalog.Read(connection => LeasedQueue.Stats(connection, nowMs: 10_000));

        Assert.Equal([new QueueStats("test:other", 1, 1_000), new QueueStats(Queue, 2, 9_000)], stats);
        Assert.Equal(2, _catalog.Read(connection => LeasedQueue.Depth(connection, Queue)));
    }

    [Fact]
    public async Task NextVisibleAt_ExpiredLeaseOfAnotherOwnerAndARetry_CountsThoseButNotTheOwnersOwnLeases()
    {
        await EnqueueAsync("mine");
        await EnqueueAsync("theirs");
        await EnqueueAsync("retry", visibleAtMs: 8_000);
        await LeaseAsync(nowMs: 0, max: 1, visibilityMs: 1_000);
        await LeaseAsync(nowMs: 0, max: 1, visibilityMs: 3_000, owner: OtherOwner);

        Assert.Equal(3_000, _catalog.Read(connection => LeasedQueue.NextVisibleAt(connection, Queue, Owner)));
        Assert.Equal(1_000, _catalog.Read(connection => LeasedQueue.NextVisibleAt(connection, Queue, OtherOwner)));
        Assert.Null(_catalog.Read(connection => LeasedQueue.NextVisibleAt(connection, "test:empty", Owner)));
    }

    [Fact]
    public async Task Enqueue_TheCallersWriteFails_LeavesNoItem()
    {
        var failed = _catalog.WriteAsync(connection =>
        {
            LeasedQueue.Enqueue(connection, Queue, "caused-by-a-failed-write", null, 42, 0, 0);
            throw new InvalidOperationException("the caller's own write failed");
        });
        var duplicate = _catalog.WriteAsync(connection =>
        {
            LeasedQueue.Enqueue(connection, Queue, "duplicate", null, 1, 0, 0);
            LeasedQueue.Enqueue(connection, Queue, "duplicate", null, 2, 0, 0);
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        Assert.Equal(CatalogFailure.Constraint, (await Assert.ThrowsAsync<CatalogException>(() => duplicate)).Failure);
        Assert.Null(Find("caused-by-a-failed-write"));
        Assert.Null(Find("duplicate"));
        Assert.Empty(await LeaseAsync(nowMs: 0));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _catalog.DisposeAsync();
        File.Delete(_path);
    }
}
