using Sluice.Storage.Listing;

namespace Sluice.Tests.Storage;

public class ObjectListerTests
{
    [Fact]
    public async Task List_WithDelimiter_RollsUpCommonPrefixesAndCountsEachOnce()
    {
        await using var context = new StoreTestContext();
        await context.CreateBucketAsync("photos");
        foreach (var key in new[] { "a.jpg", "dir/1", "dir/2", "dir/sub/3", "z.jpg" })
            await context.PutAsync("photos", key, [1]);
        var lister = new ObjectLister(context.Catalog);

        var page = lister.List("photos", "", "/", null, 1000);

        Assert.Equal(["a.jpg", "dir/", "z.jpg"], page.Entries.Select(entry => entry.SortKey));
        Assert.Equal(["dir/"], page.CommonPrefixes);
        Assert.False(page.IsTruncated);
    }

    [Fact]
    public async Task List_PagedByMarker_VisitsEveryKeyOnceInByteOrder()
    {
        await using var context = new StoreTestContext();
        await context.CreateBucketAsync("photos");
        var keys = Enumerable.Range(0, 23).Select(i => $"k/{i:D3}").Append("k/é").Append("k/Z").ToList();
        await Task.WhenAll(keys.Select(key => context.PutAsync("photos", key, [2])));
        var lister = new ObjectLister(context.Catalog);

        var seen = new List<string>();
        string? marker = null;
        while (true)
        {
            var page = lister.List("photos", "k/", null, marker, 4);
            seen.AddRange(page.Entries.Select(entry => entry.SortKey));
            if (!page.IsTruncated) break;
            marker = page.LastSortKey;
        }

        Assert.Equal(keys.OrderBy(key => key, StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task List_MarkerIsCommonPrefix_ContinuesAfterEverythingUnderIt()
    {
        await using var context = new StoreTestContext();
        await context.CreateBucketAsync("photos");
        foreach (var key in new[] { "a/1", "a/2", "b/1", "c" })
            await context.PutAsync("photos", key, [3]);
        var lister = new ObjectLister(context.Catalog);

        var first = lister.List("photos", "", "/", null, 1);
        var second = lister.List("photos", "", "/", first.LastSortKey, 1000);

        Assert.Equal(["a/"], first.Entries.Select(entry => entry.SortKey));
        Assert.True(first.IsTruncated);
        Assert.Equal(["b/", "c"], second.Entries.Select(entry => entry.SortKey));
    }
}
