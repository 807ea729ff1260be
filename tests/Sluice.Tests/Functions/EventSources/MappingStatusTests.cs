using Sluice.Functions.EventSources;

namespace Sluice.Tests.Functions.EventSources;

public sealed class MappingStatusTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_714_564_800);

    [Fact]
    public void Batches_CountMessagesInFlightUntilTheyFinish()
    {
        var status = new MappingStatus();
        Assert.Equal(MappingStatus.NoRecordsProcessed, status.LastProcessingResult);

        status.Received(10);
        status.Released(3);
        status.BatchStarted(7, Now);
        Assert.Equal(1, status.RunningBatches);
        Assert.Equal(7, status.InFlightMessages);
        Assert.Equal(Now, status.LastBatchAt);
        Assert.Equal(7, status.LastBatchSize);

        status.BatchFinished(7, null, Now.AddSeconds(1));
        Assert.Equal(0, status.RunningBatches);
        Assert.Equal(0, status.InFlightMessages);
        Assert.Equal(1, status.BatchesProcessed);
        Assert.Equal(MappingStatus.Ok, status.LastProcessingResult);
        Assert.Null(status.LastError);
    }

    [Fact]
    public void BatchFinished_WithAProblem_KeepsItAsTheLastError()
    {
        var status = new MappingStatus();
        status.Received(2);
        status.BatchStarted(2, Now);

        status.BatchFinished(2, "the function failed (Error)", Now.AddSeconds(2));

        Assert.Equal("PROBLEM: the function failed (Error)", status.LastProcessingResult);
        Assert.Equal("the function failed (Error)", status.LastError);
        Assert.Equal(Now.AddSeconds(2), status.LastErrorAt);
    }

    [Fact]
    public async Task NextBatchFinished_CompletesWhenARunningBatchFinishes()
    {
        var status = new MappingStatus();
        status.BatchStarted(1, Now);
        var next = status.NextBatchFinished;
        Assert.False(next.IsCompleted);

        status.BatchFinished(1, null, Now);

        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(status.NextBatchFinished.IsCompleted);
    }
}
