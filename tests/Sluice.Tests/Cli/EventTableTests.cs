using Sluice.Cli;
using Sluice.Events;

namespace Sluice.Tests.Cli;

public class EventTableTests
{
    private static EventView Queued(string? lastError) => new(7, "b", "k", "ObjectCreated:Put", "0", DateTimeOffset.UnixEpoch, "r",
        "rule", "arn:aws:lambda:us-east-1:000000000000:function:f", "inv", "queued", null, "queued",
        new PendingDelivery(1, DateTimeOffset.UnixEpoch, lastError));

    [Fact]
    public void Status_QueuedWithHandlerError_ShowsErrorTypeAndMessage()
    {
        var error = """{"errorType":"Error","errorMessage":"refused by the test","trace":["Error: refused by the test","    at handler"]}""";

        Assert.Equal("queued (attempts 1, last error: Error: refused by the test)", EventTable.Status(Queued(error)));
    }

    [Fact]
    public void Status_QueuedNeverFailed_ShowsAttemptsOnly()
    {
        Assert.Equal("queued (attempts 1)", EventTable.Status(Queued(null)));
    }

    [Fact]
    public void ShortError_LongMultilineText_OneLineCutWithEllipsis()
    {
        var text = "Task timed out\nafter 3.00 seconds " + new string('x', 100);

        var shown = EventTable.ShortError(text);

        Assert.Equal(EventTable.ErrorWidth, shown.Length);
        Assert.StartsWith("Task timed out after 3.00 seconds xxx", shown);
        Assert.EndsWith("…", shown);
    }

    [Fact]
    public void Print_QueuedEvent_RowEndsWithTheLastError()
    {
        var output = new StringWriter();

        EventTable.Print(new EventList([Queued("""{"errorMessage":"disk full"}""")]), output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^7 .* b/k +rule +f +queued \(attempts 1, last error: disk full\)$", lines[1].TrimEnd('\r'));
    }
}
