using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Storage.Objects;

namespace Sluice.Storage;

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<BlobSegment>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

/// <summary>The small JSON columns of the storage tables (metadata, tags, checksums, segments).</summary>
internal static class StorageJson
{
    public static string? Write(IReadOnlyDictionary<string, string> values) =>
        values.Count == 0 ? null : JsonSerializer.Serialize(new Dictionary<string, string>(values), StorageJsonContext.Default.DictionaryStringString);

    public static IReadOnlyDictionary<string, string> ReadDictionary(string? json) =>
        json is null ? ReadOnlyDictionary<string, string>.Empty : JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringString)!;

    public static string? Write(IReadOnlyList<BlobSegment> segments) =>
        segments.Count == 0 ? null : JsonSerializer.Serialize(segments.ToList(), StorageJsonContext.Default.ListBlobSegment);

    public static IReadOnlyList<BlobSegment> ReadSegments(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListBlobSegment)!;
}
