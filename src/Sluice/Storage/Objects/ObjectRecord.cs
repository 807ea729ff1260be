namespace Sluice.Storage.Objects;

/// <summary>One stored object as the catalog has it.</summary>
public sealed record ObjectRecord
{
    public required string Bucket { get; init; }
    public required string Key { get; init; }
    public required long Size { get; init; }
    /// <summary>Without quotes: hex MD5, or md5-of-md5s with a "-N" suffix for multipart objects.</summary>
    public required string ETag { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = Empty;
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = Empty;
    /// <summary>S3 algorithm name (CRC32, SHA256, …) → base64 value.</summary>
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = Empty;
    public IReadOnlyDictionary<string, string> Tags { get; init; } = Empty;
    /// <summary>The body's blob files in order; one per multipart part. Empty when the body is inline.</summary>
    public IReadOnlyList<BlobSegment> Segments { get; init; } = [];
    public byte[]? InlineBody { get; init; }
    public long Sequencer { get; init; }

    public string QuotedETag => $"\"{ETag}\"";

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}

/// <summary>A run of an object's body stored in one blob file.</summary>
public sealed record BlobSegment(string BlobId, long Size);
