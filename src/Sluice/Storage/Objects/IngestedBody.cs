using Sluice.Storage.Blobs;
using Sluice.Storage.Checksums;

namespace Sluice.Storage.Objects;

/// <summary>
/// A request body that has been read to its end and hashed: small ones in memory (to be stored
/// inline in the catalog row), larger ones in a temp blob. Disposing without publishing leaves nothing.
/// </summary>
public sealed class IngestedBody : IAsyncDisposable
{
    public required long Size { get; init; }
    public required byte[] Md5 { get; init; }
    public IReadOnlyDictionary<ChecksumAlgorithm, string> Checksums { get; init; } = new Dictionary<ChecksumAlgorithm, string>();
    public byte[]? Inline { get; init; }
    public TempBlob? Temp { get; init; }
    public string Md5Hex => Convert.ToHexStringLower(Md5);

    /// <summary>The segments to record once the temp blob is published; empty for inline bodies.</summary>
    public IReadOnlyList<BlobSegment> Segments => Temp is null ? [] : [new BlobSegment(Temp.Id, Size)];

    /// <summary>A record of this body stored as bucket/key now; the caller adds the headers, metadata, tags and checksums.</summary>
    public ObjectRecord Describe(string bucket, string key, DateTimeOffset now) =>
        new() { Bucket = bucket, Key = key, Size = Size, ETag = Md5Hex, LastModified = now };

    public Task PublishAsync() => Temp?.PublishAsync() ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => Temp?.DisposeAsync() ?? ValueTask.CompletedTask;
}
