using System.Security.Cryptography;

namespace Sluice.Storage.Blobs;

/// <summary>
/// Object bodies as plain files under &lt;data&gt;/blobs, named by generated ids (never by keys).
/// A body is written to &lt;data&gt;/tmp first, fsynced, then renamed into place; see Storage/README.md.
/// </summary>
public sealed class BlobStore
{
    private const int ShardCount = 256;
    private readonly string _blobRoot;
    private readonly string _tempRoot;

    public BlobStore(string dataPath)
    {
        _blobRoot = Path.Combine(dataPath, "blobs");
        _tempRoot = Path.Combine(dataPath, "tmp");
        Directory.CreateDirectory(_tempRoot);
        for (var shard = 0; shard < ShardCount; shard++)
            Directory.CreateDirectory(Path.Combine(_blobRoot, shard.ToString("x2")));
    }

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public TempBlob CreateTemp()
    {
        var id = NewId();
        var path = Path.Combine(_tempRoot, id);
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });
        return new TempBlob(this, id, path, stream);
    }

    /// <summary>Moves a finished, fsynced temp file into place and makes the rename itself durable.</summary>
    internal void Publish(string id, string tempPath)
    {
        var finalPath = PathOf(id);
        File.Move(tempPath, finalPath);
        DirectorySync.Fsync(Path.GetDirectoryName(finalPath)!);
    }

    public string PathOf(string id) => Path.Combine(_blobRoot, id[..2], id);

    public FileStream OpenRead(string id) => new(PathOf(id), new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read | FileShare.Delete,
        BufferSize = 0,
        Options = FileOptions.SequentialScan,
    });

    public void Delete(string id)
    {
        try { File.Delete(PathOf(id)); }
        catch (DirectoryNotFoundException) { }
    }

    public void Delete(IEnumerable<string> ids)
    {
        foreach (var id in ids) Delete(id);
    }

    /// <summary>
    /// The sweep after a start: unfinished temp files, and blobs that no catalog row references (a crash
    /// between the rename and the catalog commit leaves those). Only files last written before
    /// <paramref name="startedAt"/> are candidates, so the sweep can run beside new writes, whose blobs are
    /// published a moment before their rows commit.
    /// </summary>
    public int RemoveOrphans(Func<string, bool> isReferenced, DateTime startedAt)
    {
        var removed = 0;
        foreach (var temp in Directory.EnumerateFiles(_tempRoot))
            removed += DeleteIfOlder(temp, startedAt);
        foreach (var blob in Directory.EnumerateFiles(_blobRoot, "*", SearchOption.AllDirectories))
            if (!isReferenced(Path.GetFileName(blob)))
                removed += DeleteIfOlder(blob, startedAt);
        return removed;
    }

    private static int DeleteIfOlder(string path, DateTime startedAt)
    {
        if (File.GetLastWriteTimeUtc(path) >= startedAt) return 0;
        File.Delete(path);
        return 1;
    }
}
