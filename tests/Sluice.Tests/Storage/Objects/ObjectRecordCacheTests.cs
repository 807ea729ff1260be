using Sluice.Events;
using Sluice.Gateway;
using Sluice.Storage;
using Sluice.Storage.Objects;

namespace Sluice.Tests.Storage.Objects;

public class ObjectRecordCacheTests
{
    private static ObjectRecord Record(string key, string etag, int inlineBytes = 0) => new()
    {
        Bucket = "b",
        Key = key,
        Size = inlineBytes,
        ETag = etag,
        LastModified = DateTimeOffset.UnixEpoch,
        InlineBody = new byte[inlineBytes],
    };

    [Fact]
    public void Offer_WithNoWriteSinceTheReadBegan_IsKept()
    {
        var cache = new ObjectRecordCache(1024 * 1024);
        var ticket = cache.BeginRead("b", "k");

        cache.Offer(ticket, Record("k", "v1"));

        Assert.True(cache.TryGet("b", "k", out var hit));
        Assert.Equal("v1", hit.ETag);
    }

    [Fact]
    public void Offer_OfAReadThatBeganBeforeAWriteFinished_IsDropped()
    {
        var cache = new ObjectRecordCache(1024 * 1024);
        var ticket = cache.BeginRead("b", "k");
        cache.Invalidate("b", "k");

        cache.Offer(ticket, Record("k", "read-before-the-write"));

        Assert.False(cache.TryGet("b", "k", out _));
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void Invalidate_RemovesTheKeyAndItsBytes()
    {
        var cache = new ObjectRecordCache(1024 * 1024);
        cache.Offer(cache.BeginRead("b", "k"), Record("k", "v1", inlineBytes: 100));

        cache.Invalidate("b", "k");

        Assert.False(cache.TryGet("b", "k", out _));
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void Offer_BeyondTheBudget_EvictsUntilItFits()
    {
        var cache = new ObjectRecordCache(64 * 1024);

        for (var i = 0; i < 200; i++)
            cache.Offer(cache.BeginRead("b", $"k{i}"), Record($"k{i}", "e", inlineBytes: 1024));

        Assert.InRange(cache.Bytes, 1, 64 * 1024);
        Assert.InRange(cache.Count, 1, 199);
    }

    [Fact]
    public async Task Store_AfterOverwriteTagAndDelete_ReadsWhatWasLastAcknowledged()
    {
        await using var context = new StoreTestContext();
        await context.CreateBucketAsync("b");
        await context.PutAsync("b", "k", [1]);
        Assert.Equal([1], context.Store.RequireObject("b", "k").InlineBody);

        await context.PutAsync("b", "k", [2, 2]);
        Assert.Equal([2, 2], context.Store.RequireObject("b", "k").InlineBody);

        await context.Store.SetTagsAsync("b", "k", new Dictionary<string, string> { ["t"] = "1" },
            new ChangeSource(S3EventName.ObjectTaggingPut, RequestOrigin.Internal("test")));
        Assert.Equal("1", context.Store.RequireObject("b", "k").Tags["t"]);

        await context.Store.DeleteAsync("b", "k", RequestOrigin.Internal("test"));
        var missing = Assert.Throws<S3Exception>(() => context.Store.RequireObject("b", "k"));
        Assert.Equal(S3Errors.NoSuchKey.Code, missing.Error.Code);
    }

    [Fact]
    public async Task Store_ReadsRacingOverwrites_NeverSeeAnOlderVersionAfterAnAcknowledgement()
    {
        await using var context = new StoreTestContext();
        await context.CreateBucketAsync("b");
        await context.PutAsync("b", "k", [0]);
        var acknowledged = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var floor = Volatile.Read(ref acknowledged);
                var seen = context.Store.RequireObject("b", "k").InlineBody![0];
                Assert.True(seen >= floor, $"read version {seen} after version {floor} was acknowledged");
            }
        })).ToArray();

        for (byte version = 1; version < 40; version++)
        {
            await context.PutAsync("b", "k", [version]);
            Volatile.Write(ref acknowledged, version);
        }
        stop.Cancel();
        await Task.WhenAll(readers);
    }
}
