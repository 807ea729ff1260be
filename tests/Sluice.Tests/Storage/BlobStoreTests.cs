using Sluice.Storage.Blobs;

namespace Sluice.Tests.Storage;

public class BlobStoreTests
{
    [Fact]
    public async Task RemoveOrphans_AfterStart_RemovesOnlyOldUnreferencedFiles()
    {
        var data = Path.Combine(Path.GetTempPath(), "blobs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new BlobStore(data);
            var referenced = await PublishAsync(store);
            var orphan = await PublishAsync(store);
            var leftoverTemp = store.CreateTemp();
            await leftoverTemp.Stream.DisposeAsync();
            var tempPath = Directory.EnumerateFiles(Path.Combine(data, "tmp")).Single();
            var old = DateTime.UtcNow.AddMinutes(-5);
            foreach (var path in new[] { store.PathOf(referenced), store.PathOf(orphan), tempPath })
                File.SetLastWriteTimeUtc(path, old);
            var startedAt = DateTime.UtcNow.AddMinutes(-1);
            var writtenSinceStart = await PublishAsync(store);

            var removed = store.RemoveOrphans(id => id == referenced, startedAt);

            Assert.Equal(2, removed);
            Assert.True(File.Exists(store.PathOf(referenced)));
            Assert.True(File.Exists(store.PathOf(writtenSinceStart)));
            Assert.False(File.Exists(store.PathOf(orphan)));
            Assert.False(File.Exists(tempPath));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task DisposeAsync_WithoutPublish_LeavesNothing()
    {
        var data = Path.Combine(Path.GetTempPath(), "blobs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new BlobStore(data);
            await using (var temp = store.CreateTemp())
                await temp.Stream.WriteAsync(new byte[100]);
            Assert.Empty(Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string> PublishAsync(BlobStore store)
    {
        await using var temp = store.CreateTemp();
        await temp.Stream.WriteAsync(new byte[] { 1, 2, 3 });
        await temp.PublishAsync();
        return temp.Id;
    }
}
