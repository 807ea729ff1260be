using Sluice.Functions;
using Sluice.Functions.Async;
using Sluice.Queueing;

namespace Sluice.Tests.Functions;

public class AsyncInvocationBacklogTests
{
    private static QueuedInvocation Row(long id, string function = "f", int attempts = 0) =>
        new(new QueueLease(id, Token: 7), $"id-{id}", function, PayloadReference: null, EnqueuedAtMs: 0, Attempts: attempts) { Payload = new byte[10] };

    private static List<long> TakeAllDue(AsyncInvocationBacklog backlog)
    {
        var taken = new List<long>();
        foreach (var function in backlog.Due().ToList())
            while (function.TryPeek(out _))
                taken.Add(function.Take().Lease.ItemId);
        return taken;
    }

    /// <summary>Leases for every function that needs it, handing out the given rows (oldest first, within each request).</summary>
    private static void Lease(AsyncInvocationBacklog backlog, long nowMs, params QueuedInvocation[] rows)
    {
        foreach (var request in backlog.LeasesNeeded(nowMs))
        {
            var leased = rows.Where(r => r.FunctionName == request.FunctionName).OrderBy(r => r.Lease.ItemId).Take(request.MaxItems).ToList();
            backlog.Leased(request, leased, nextVisibleAtMs: null, expiresAtMs: nowMs + 30_000);
        }
    }

    [Fact]
    public void Leased_RowsAreDueOldestFirst_AndAnEmptyQueueIsNotLeasedAgainUntilSomethingIsDue()
    {
        var backlog = new AsyncInvocationBacklog(rowsPerFunction: 10, bytesPerFunction: 1_000_000);
        backlog.Known("f");
        var request = Assert.Single(backlog.LeasesNeeded(nowMs: 100));
        backlog.Leased(request, [Row(3), Row(1), Row(2)], nextVisibleAtMs: null, expiresAtMs: 30_100);

        Assert.Equal([1, 2, 3], TakeAllDue(backlog));
        Assert.Empty(backlog.LeasesNeeded(nowMs: 100));
        backlog.Find("f")!.LeaseDue(100);
        Lease(backlog, 100, Row(4));
        Assert.Equal([4], TakeAllDue(backlog));
    }

    [Fact]
    public void Leased_RetryLeasedAgain_GoesAheadOfNewerHeldRows()
    {
        var backlog = new AsyncInvocationBacklog(10, 1_000_000);
        backlog.Known("f");
        Lease(backlog, 100, Row(2), Row(3));
        backlog.Find("f")!.LeaseDue(500);

        Assert.Empty(backlog.LeasesNeeded(nowMs: 499));
        Assert.Equal(500, backlog.NextLeaseAt());
        Lease(backlog, 500, Row(1, attempts: 1));
        Assert.Equal([1, 2, 3], TakeAllDue(backlog));
    }

    [Fact]
    public void LeasesNeeded_ShareUsed_LeasesOnlyTheRoomLeftAndAsksForMoreBelowHalf()
    {
        var backlog = new AsyncInvocationBacklog(rowsPerFunction: 4, bytesPerFunction: 1_000_000);
        backlog.Known("f");
        Lease(backlog, 100, [.. Enumerable.Range(1, 10).Select(id => Row(id))]);
        Assert.Empty(backlog.LeasesNeeded(nowMs: 100));
        Assert.False(backlog.WantsLease(nowMs: 100));

        var function = backlog.Due().Single();
        function.Take();
        Assert.False(backlog.WantsLease(100));
        function.Take();
        function.Take();
        Assert.True(backlog.WantsLease(100));
        var request = Assert.Single(backlog.LeasesNeeded(nowMs: 100));
        Assert.Equal(("f", 3), (request.FunctionName, request.MaxItems));
        Assert.Empty(backlog.LeasesNeeded(nowMs: 100));
    }

    [Fact]
    public void LeasesNeeded_ByteShareUsed_LeasesNothingMore()
    {
        var backlog = new AsyncInvocationBacklog(rowsPerFunction: 100, bytesPerFunction: 20);
        backlog.Known("f");
        Lease(backlog, 100, Row(1));
        backlog.Find("f")!.LeaseDue(0);
        Assert.Equal(10, backlog.Find("f")!.HeldBytes);
        Assert.Empty(backlog.LeasesNeeded(nowMs: 100));
    }

    [Fact]
    public void Reconcile_FunctionDeletedThenCreatedAgain_DropsItsRowsAndLeasesThenLeasesAgain()
    {
        var backlog = new AsyncInvocationBacklog(10, 1_000_000);
        backlog.Known("f");
        Lease(backlog, 100, Row(1), Row(2));
        backlog.Reconcile(_ => false);
        Assert.Empty(TakeAllDue(backlog));
        Assert.Empty(backlog.LeasesNeeded(nowMs: 100));
        Assert.Empty(backlog.Expiring(beforeMs: long.MaxValue));

        backlog.Reconcile(_ => true);
        Assert.Single(backlog.LeasesNeeded(nowMs: 100));
    }

    [Fact]
    public void Leased_AfterTheFunctionWasDeleted_IsReturnedToGiveBack()
    {
        var backlog = new AsyncInvocationBacklog(10, 1_000_000);
        backlog.Known("f");
        var request = Assert.Single(backlog.LeasesNeeded(nowMs: 100));
        backlog.Reconcile(_ => false);

        var notHeld = backlog.Leased(request, [Row(1), Row(2)], nextVisibleAtMs: null, expiresAtMs: 30_100);

        Assert.Equal([1L, 2L], notHeld.Select(row => row.Lease.ItemId));
        Assert.Empty(TakeAllDue(backlog));
    }

    [Fact]
    public void Expiring_HeldAndRunningLeases_AreRenewedUntilForgotten()
    {
        var backlog = new AsyncInvocationBacklog(10, 1_000_000);
        backlog.Known("f");
        Lease(backlog, 0, Row(1), Row(2));
        var running = backlog.Due().Single().Take();

        var expiring = backlog.Expiring(beforeMs: 30_001);
        backlog.Renewed(expiring, expiresAtMs: 60_000);
        backlog.Forget(running.Lease);

        Assert.Equal([1L, 2L], expiring.Select(lease => lease.ItemId).Order());
        Assert.Empty(backlog.Expiring(beforeMs: 60_000));
        Assert.Equal([2L], backlog.Expiring(beforeMs: 60_001).Select(lease => lease.ItemId));
    }
}
