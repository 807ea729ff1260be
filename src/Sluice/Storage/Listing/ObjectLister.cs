using Sluice.Catalog;
using Sluice.Storage.Objects;

namespace Sluice.Storage.Listing;

/// <summary>One listed entry: an object, or a common prefix that rolls up keys under a delimiter.</summary>
public sealed record ListEntry(ObjectRecord? Object, string? CommonPrefix)
{
    public string SortKey => Object?.Key ?? CommonPrefix!;
}

public sealed record ListPage(IReadOnlyList<ListEntry> Entries, bool IsTruncated)
{
    public IEnumerable<ObjectRecord> Objects => Entries.Where(entry => entry.Object is not null).Select(entry => entry.Object!);
    public IEnumerable<string> CommonPrefixes => Entries.Where(entry => entry.CommonPrefix is not null).Select(entry => entry.CommonPrefix!);
    public string? LastSortKey => Entries.Count == 0 ? null : Entries[^1].SortKey;
}

/// <summary>
/// The listing walk shared by ListObjects, ListObjectsV2 and ListObjectVersions: keys in UTF-8 byte
/// order after a marker, with keys under a delimiter rolled up into common prefixes (each counts once).
/// </summary>
public sealed class ObjectLister(ICatalog catalog)
{
    public ListPage List(string bucket, string prefix, string? delimiter, string? marker, int maxKeys)
    {
        var entries = new List<ListEntry>();
        if (maxKeys <= 0) return new ListPage(entries, false);

        var (from, inclusive) = StartingPoint(prefix, delimiter, marker);
        while (true)
        {
            var limit = maxKeys - entries.Count + 1;
            var batch = catalog.Read(connection => ObjectCatalog.ListFrom(connection, bucket, from, inclusive, prefix, limit));
            var restarted = false;
            foreach (var record in batch)
            {
                if (entries.Count == maxKeys) return new ListPage(entries, true);
                var commonPrefix = CommonPrefixOf(record.Key, prefix, delimiter);
                if (commonPrefix is null)
                {
                    entries.Add(new ListEntry(record, null));
                    (from, inclusive) = (record.Key, false);
                    continue;
                }
                entries.Add(new ListEntry(null, commonPrefix));
                var next = KeyRange.UpperBound(commonPrefix);
                if (next is null) return new ListPage(entries, false);
                (from, inclusive) = (next, true);
                restarted = true;
                break;
            }
            if (!restarted && batch.Count < limit) return new ListPage(entries, false);
        }
    }

    /// <summary>A marker that is itself a common prefix means "after everything under it".</summary>
    private static (string From, bool Inclusive) StartingPoint(string prefix, string? delimiter, string? marker)
    {
        if (string.IsNullOrEmpty(marker)) return ("", true);
        if (CommonPrefixOf(marker, prefix, delimiter) == marker && KeyRange.UpperBound(marker) is { } next)
            return (next, true);
        return (marker, false);
    }

    public static string? CommonPrefixOf(string key, string prefix, string? delimiter)
    {
        if (string.IsNullOrEmpty(delimiter) || !key.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var index = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return index < 0 ? null : key[..(index + delimiter.Length)];
    }
}
