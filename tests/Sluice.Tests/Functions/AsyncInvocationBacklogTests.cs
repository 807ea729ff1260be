using Sluice.Functions;

namespace Sluice.Tests.Functions;

public class AsyncInvocationBacklogTests
{
    private static QueuedInvocation Row(long seq, string function = "f", long notBefore = 0, int attempts = 0) =>
        new(seq, $"id-{seq}", function, new byte[10], EnqueuedAtMs: 0, attempts, notBefore);

    private static List<long> TakeAllDue(AsyncInvocationBacklog backlog, long now)
    {
        var taken = new List<long>();
        foreach (var function in backlog.Due(now).ToList())
            while (function.TryPeek(out _))
                taken.Add(function.Take().Seq);
        return taken;
    }

    private static void Read(AsyncInvocationBacklog backlog, params QueuedInvocation[] rows)
    {
        backlog.Discovered(rows.GroupBy(r => r.FunctionName).Select(g => (g.Key, g.Max(r => r.Seq))));
        foreach (var refill in backlog.RefillsNeeded())
        {
            var read = rows.Where(r => r.FunctionName == refill.FunctionName && r.Seq > refill.AfterSeq).OrderBy(r => r.Seq).Take(refill.MaxRows).ToList();
            backlog.Refilled(refill, read, filled: read.Count == refill.MaxRows);
        }
    }

    [Fact]
    public void Refilled_RowsAreDueOldestFirst_AndNotReadAgain()
    {
        var backlog = new AsyncInvocationBacklog(rowsPerFunction: 10, bytesPerFunction: 1_000_000);
        Read(backlog, Row(3), Row(1), Row(2));

        Assert.Equal([1, 2, 3], TakeAllDue(backlog, now: 100));
        Assert.Equal(3, backlog.Seen);
        Read(backlog, Row(1), Row(2), Row(3), Row(4));
        Assert.Equal([4], TakeAllDue(backlog, now: 100));
    }

    [Fact]
    public void Hold_RetryNotYetDue_WaitsThenGoesAheadOfNewerRows()
    {
        var backlog = new AsyncInvocationBacklog(10, 1_000_000);
        Read(backlog, Row(1));
        TakeAllDue(backlog, now: 100);
        backlog.Find("f")!.Hold(Row(1, notBefore: 500, attempts: 1));
        Read(backlog, Row(2), Row(3));

        Assert.Single(backlog.Due(nowMs: 100));
        Assert.Equal(500, backlog.NextDueAt());
        Assert.Equal([1, 2, 3], TakeAllDue(backlog, now: 500));
        Assert.Null(backlog.NextDueAt());
    }

    [Fact]
    public void RefillsNeeded_ShareUsed_ReadsOnlyTheRoomLeftAndAsksForMoreBelowHalf()
    {
        var backlog = new AsyncInvocationBacklog(rowsPerFunction: 4, bytesPerFunction: 1_000_000);
        var rows = Enumerable.Range(1, 10).Select(seq => Row(seq)).ToArray();
        Read(backlog, rows);
        Assert.Empty(backlog.RefillsNeeded());
        Assert.False(backlog.WantsRefill);

        var function = backlog.Due(100).Single();
        function.Take();
        function.Take();
        Assert.False(backlog.WantsRefill);
        function.Take();
        Assert.True(backlog.WantsRefill);
        var refill = Assert.Single(backlog.RefillsNeeded());
        Assert.Equal(("f", 4, 3), (refill.FunctionName, refill.AfterSeq, refill.MaxRows));
    }

    [Fact]
    public void RefillsNeeded_ByteShareUsed_ReadsNothingMore()
    {
        var backlog = new AsyncInvocationBacklog(rowsPerFunction: 100, bytesPerFunction: 20);
        Read(backlog, Row(1), Row(2));
        backlog.Discovered([("f", 3)]);
        Assert.Equal(20, backlog.Find("f")!.HeldBytes);
        Assert.Empty(backlog.RefillsNeeded());
    }

    [Fact]
    public void Reconcile_FunctionDeletedThenCreatedAgain_DropsItsRowsThenReadsFromTheStart()
    {
        var backlog = new AsyncInvocationBacklog(10, 1_000_000);
        Read(backlog, Row(1), Row(2));
        backlog.Reconcile(_ => false);
        Assert.Empty(TakeAllDue(backlog, now: 100));
        Assert.Empty(backlog.RefillsNeeded());

        backlog.Reconcile(_ => true);
        var refill = Assert.Single(backlog.RefillsNeeded());
        Assert.Equal(0, refill.AfterSeq);
    }

    [Fact]
    public void Refilled_AfterTheFunctionWasSuspended_IsIgnored()
    {
        var backlog = new AsyncInvocationBacklog(10, 1_000_000);
        backlog.Discovered([("f", 2)]);
        var refill = Assert.Single(backlog.RefillsNeeded());
        backlog.Reconcile(_ => false);
        backlog.Refilled(refill, [Row(1), Row(2)], filled: false);
        Assert.Empty(TakeAllDue(backlog, now: 100));
    }
}
