using System.Text;
using Sluice.Functions;
using Sluice.Functions.Environments;
using Sluice.Functions.Logs;

namespace Sluice.Tests.Functions;

public class OutputPumpTests
{
    private static (InvocationLog First, InvocationLog Second) Run(params string[] writes)
    {
        var router = new LogRouter(hasEndMarkers: true);
        var first = new InvocationLog("a", InvocationLog.DefaultCapacity);
        var second = new InvocationLog("b", InvocationLog.DefaultCapacity);
        router.Register(first);
        router.Register(second);
        var line = new StringBuilder();
        foreach (var write in writes)
            OutputPump.Split(write, line, router);
        return (first, second);
    }

    [Fact]
    public void Split_LinesAcrossReads_RoutesWholeLinesAndDropsCarriageReturnOfCrLf()
    {
        var (first, _) = Run("hel", "lo\r\nwor", "ld\n", LogRouter.EndMarker + "a\n");
        var text = first.Render();
        Assert.Contains("\nhello\nworld\nEND", text);
    }

    [Fact]
    public void Split_LineLongerThanTheLimit_ArrivesInBoundedPiecesAndTheMarkerStillEndsTheInvocation()
    {
        var huge = new string('y', OutputPump.MaxLineChars * 3 + 5);
        var (first, second) = Run(huge, LogRouter.EndMarker + "a\n", "for b\n");
        var lines = first.Render().Split('\n');
        Assert.Equal(4, lines.Count(line => line.StartsWith('y')));
        Assert.All(lines, line => Assert.True(line.Length <= OutputPump.MaxLineChars));
        Assert.DoesNotContain("SLUICE-END", first.Render());
        Assert.Contains("for b", second.Render());
    }

    [Fact]
    public void Render_MultiLineMessageWithCarriageReturns_ShowsItsParts()
    {
        var (first, _) = Run("one\rtwo\n");
        Assert.Contains("\none\ntwo\n", first.Render());
    }
}
