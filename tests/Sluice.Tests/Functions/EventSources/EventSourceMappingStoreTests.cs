using Sluice.Catalog;
using Sluice.Functions.EventSources;
using Sluice.Queueing;

namespace Sluice.Tests.Functions.EventSources;

public sealed class EventSourceMappingStoreTests
{
    private static EventSourceMapping Mapping(string uuid, string queue) => new()
    {
        Uuid = uuid,
        FunctionName = "worker",
        EventSourceArn = "arn:aws:sqs:us-east-1:000000000000:" + queue,
        BatchSize = 100,
        MaximumBatchingWindowInSeconds = 5,
        FunctionResponseTypes = [EventSourceMapping.ReportBatchItemFailures],
        MaximumConcurrency = 2,
        LastModified = DateTimeOffset.FromUnixTimeMilliseconds(1_714_564_800_123),
    };

    [Fact]
    public async Task MutateAndDelete_AfterReopeningTheCatalog_KeepWhatWasAcknowledged()
    {
        var path = Path.Combine(Path.GetTempPath(), $"esm-{Guid.NewGuid():N}.db");
        var changed = new List<string>();
        await using (var catalog = new SqliteCatalog(path, [QueueSchema.Schema, EventSourcesSchema.Schema]))
        {
            var store = new EventSourceMappingStore(catalog);
            store.Changed += changed.Add;
            await store.MutateAsync("b", _ => Mapping("b", "second"));
            await store.MutateAsync("a", _ => Mapping("a", "first"));
            await store.MutateAsync("a", existing => existing! with { Enabled = false });
            await store.MutateAsync("c", _ => Mapping("c", "third"));
            Assert.NotNull(await store.DeleteAsync("c"));
            Assert.Null(await store.DeleteAsync("c"));
        }

        await using (var catalog = new SqliteCatalog(path, [QueueSchema.Schema, EventSourcesSchema.Schema]))
        {
            var store = new EventSourceMappingStore(catalog);
            Assert.Equal(["a", "b"], store.All().Select(m => m.Uuid));
            var first = store.Find("a")!;
            Assert.False(first.Enabled);
            Assert.Equal(Mapping("a", "first").EventSourceArn, first.EventSourceArn);
            Assert.Equal(100, first.BatchSize);
            Assert.Equal(2, first.MaximumConcurrency);
            Assert.True(first.ReportsBatchItemFailures);
            Assert.Equal(1_714_564_800_123, first.LastModified.ToUnixTimeMilliseconds());
            Assert.Null(store.Find("c"));
        }
        Assert.Equal(["b", "a", "a", "c", "c"], changed);
    }

    [Fact]
    public async Task MutateAsync_ChangeThatThrows_ChangesNothing()
    {
        await using var catalog = new SqliteCatalog(Path.Combine(Path.GetTempPath(), $"esm-{Guid.NewGuid():N}.db"), [QueueSchema.Schema, EventSourcesSchema.Schema]);
        var store = new EventSourceMappingStore(catalog);
        await store.MutateAsync("a", _ => Mapping("a", "first"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.MutateAsync("a", _ => throw new InvalidOperationException("refused")));

        Assert.Equal(100, store.Find("a")!.BatchSize);
        Assert.Equal(["a"], new EventSourceMappingStore(catalog).All().Select(m => m.Uuid));
    }
}
