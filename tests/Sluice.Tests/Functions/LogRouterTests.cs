using Sluice.Functions;
using Sluice.Functions.Logs;

namespace Sluice.Tests.Functions;

public class LogRouterTests
{
    [Fact]
    public void OnLine_WithEndMarkers_LateLinesOfPreviousInvocationStayWithIt()
    {
        var router = new LogRouter(hasEndMarkers: true);
        var first = new InvocationLog("a", InvocationLog.DefaultCapacity);
        var second = new InvocationLog("b", InvocationLog.DefaultCapacity);
        router.Register(first);
        router.Register(second);
        router.OnLine("from a");
        router.OnLine(LogRouter.EndMarker + "a");
        router.OnLine("from b");

        Assert.Contains("from a", first.Render());
        Assert.DoesNotContain("from b", first.Render());
        Assert.Contains("from b", second.Render());
    }

    [Fact]
    public void OnLine_MarkerAfterTextWithoutNewline_KeepsTheTextAndClosesTheInvocation()
    {
        var router = new LogRouter(hasEndMarkers: true);
        var first = new InvocationLog("a", InvocationLog.DefaultCapacity);
        var second = new InvocationLog("b", InvocationLog.DefaultCapacity);
        router.Register(first);
        router.Register(second);
        router.OnLine("no newline" + LogRouter.EndMarker + "a");
        router.OnLine("from b");

        Assert.Contains("no newline\n", first.Render());
        Assert.DoesNotContain("SLUICE-END", first.Render());
        Assert.DoesNotContain("from b", first.Render());
        Assert.Contains("from b", second.Render());
    }

    [Fact]
    public void Append_OverCapacity_KeepsNewestLinesAndSaysHowManyWereDropped()
    {
        var log = new InvocationLog("id", capacityBytes: 100);
        for (var i = 0; i < 50; i++)
            log.Append($"line {i:D3}");
        var text = log.Render();
        Assert.Contains("line 049", text);
        Assert.DoesNotContain("line 000", text);
        Assert.Contains("earlier log lines dropped", text);
    }

    [Fact]
    public void OnLine_EndMarker_CompletesTheLog()
    {
        var router = new LogRouter(hasEndMarkers: true);
        var log = new InvocationLog("id", InvocationLog.DefaultCapacity);
        router.Register(log);
        router.OnLine("working");
        Assert.False(log.Completed.IsCompleted);
        router.OnLine(LogRouter.EndMarker + "id");
        Assert.True(log.Completed.IsCompleted);
    }
}
