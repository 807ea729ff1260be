namespace Sluice.Storage.Blobs;

/// <summary>A body being written. Disposed without <see cref="Publish"/>, it leaves nothing behind.</summary>
public sealed class TempBlob : IAsyncDisposable
{
    private readonly BlobStore _store;
    private readonly string _path;
    private bool _published;

    internal TempBlob(BlobStore store, string id, string path, FileStream stream)
    {
        _store = store;
        Id = id;
        _path = path;
        Stream = stream;
    }

    public string Id { get; }
    public FileStream Stream { get; }

    /// <summary>fsync, close and rename into the blob folder; the catalog commit comes after this.</summary>
    public async Task PublishAsync()
    {
        await Stream.FlushAsync();
        Stream.Flush(flushToDisk: true);
        await Stream.DisposeAsync();
        _store.Publish(Id, _path);
        _published = true;
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        if (!_published)
            File.Delete(_path);
    }
}
