using System.Data.Common;
using Sluice.Catalog;

namespace Sluice.Storage.Objects;

/// <summary>SQL for the objects table.</summary>
public static class ObjectCatalog
{
    private const string Columns =
        "bucket, key, size, etag, modified_ms, content_type, headers, metadata, checksums, tags, segments, inline_body, sequencer";
    private const string UpdatedColumns =
        "size = excluded.size, etag = excluded.etag, modified_ms = excluded.modified_ms, content_type = excluded.content_type, " +
        "headers = excluded.headers, metadata = excluded.metadata, checksums = excluded.checksums, tags = excluded.tags, " +
        "segments = excluded.segments, inline_body = excluded.inline_body, sequencer = excluded.sequencer";
    private const string ListedColumns =
        "bucket, key, size, etag, modified_ms, content_type, headers, metadata, checksums, tags, segments, NULL, sequencer";

    public static ObjectRecord? Find(CatalogConnection connection, string bucket, string key)
    {
        using var command = connection.Statement($"SELECT {Columns} FROM objects WHERE bucket = @bucket AND key = @key");
        command.Bind("@bucket", bucket);
        command.Bind("@key", key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Map(reader, withInlineBody: true) : null;
    }

    /// <summary>Keys in UTF-8 byte order from <paramref name="from"/>, within the prefix range; bodies not loaded.</summary>
    public static List<ObjectRecord> ListFrom(CatalogConnection connection, string bucket, string from, bool inclusive, string prefix, int limit)
    {
        var upper = KeyRange.UpperBound(prefix);
        using var command = connection.Statement($"""
            SELECT {ListedColumns} FROM objects
            WHERE bucket = @bucket AND key {(inclusive ? ">=" : ">")} @from AND key >= @prefix {(upper is null ? "" : "AND key < @upper")}
            ORDER BY key LIMIT @limit
            """);
        command.Bind("@bucket", bucket);
        command.Bind("@from", from);
        command.Bind("@prefix", prefix);
        if (upper is not null) command.Bind("@upper", upper);
        command.Bind("@limit", limit);
        using var reader = command.ExecuteReader();
        var objects = new List<ObjectRecord>();
        while (reader.Read()) objects.Add(Map(reader, withInlineBody: false));
        return objects;
    }

    /// <summary>Inserts or replaces the object.</summary>
    public static void Upsert(CatalogConnection connection, ObjectRecord record)
    {
        using var command = connection.Statement($"""
            INSERT INTO objects ({Columns})
            VALUES (@bucket, @key, @size, @etag, @modified, @contentType, @headers, @metadata, @checksums, @tags, @segments, @inline, @sequencer)
            ON CONFLICT (bucket, key) DO UPDATE SET {UpdatedColumns}
            """);
        command.Bind("@bucket", record.Bucket);
        command.Bind("@key", record.Key);
        command.Bind("@size", record.Size);
        command.Bind("@etag", record.ETag);
        command.Bind("@modified", record.LastModified.ToUnixTimeMilliseconds());
        command.Bind("@contentType", record.ContentType);
        command.Bind("@headers", StorageJson.Write(record.Headers));
        command.Bind("@metadata", StorageJson.Write(record.Metadata));
        command.Bind("@checksums", StorageJson.Write(record.Checksums));
        command.Bind("@tags", StorageJson.Write(record.Tags));
        command.Bind("@segments", StorageJson.Write(record.Segments));
        command.Bind("@inline", record.InlineBody);
        command.Bind("@sequencer", record.Sequencer);
        command.ExecuteNonQuery();
    }

    /// <summary>Removes the object; returns what was removed, if anything.</summary>
    public static ObjectRecord? Delete(CatalogConnection connection, string bucket, string key)
    {
        var previous = Find(connection, bucket, key);
        if (previous is null) return null;
        using var command = connection.Statement("DELETE FROM objects WHERE bucket = @bucket AND key = @key");
        command.Bind("@bucket", bucket);
        command.Bind("@key", key);
        command.ExecuteNonQuery();
        return previous;
    }

    public static void SetTags(CatalogConnection connection, string bucket, string key, IReadOnlyDictionary<string, string> tags)
    {
        using var command = connection.Statement("UPDATE objects SET tags = @tags WHERE bucket = @bucket AND key = @key");
        command.Bind("@bucket", bucket);
        command.Bind("@key", key);
        command.Bind("@tags", StorageJson.Write(tags));
        command.ExecuteNonQuery();
    }

    /// <summary>Every blob id any object or part refers to, for the start-up orphan sweep.</summary>
    public static HashSet<string> ReferencedBlobs(CatalogConnection connection)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using (var segments = connection.Command("SELECT segments FROM objects WHERE segments IS NOT NULL"))
        using (var reader = segments.ExecuteReader())
            while (reader.Read())
                foreach (var segment in StorageJson.ReadSegments(reader.GetString(0)))
                    ids.Add(segment.BlobId);
        using (var parts = connection.Command("SELECT blob_id FROM multipart_parts"))
        using (var reader = parts.ExecuteReader())
            while (reader.Read())
                ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>S3's sequencer: increases with every change, across restarts.</summary>
    public static long NextSequencer(CatalogConnection connection)
    {
        using var command = connection.Statement("""
            INSERT INTO counters (name, value) VALUES ('sequencer', 1)
            ON CONFLICT (name) DO UPDATE SET value = value + 1
            RETURNING value
            """);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static ObjectRecord Map(DbDataReader reader, bool withInlineBody) => new()
    {
        Bucket = reader.GetString(0),
        Key = reader.GetString(1),
        Size = reader.GetInt64(2),
        ETag = reader.GetString(3),
        LastModified = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        ContentType = reader.IsDBNull(5) ? null : reader.GetString(5),
        Headers = StorageJson.ReadDictionary(reader.IsDBNull(6) ? null : reader.GetString(6)),
        Metadata = StorageJson.ReadDictionary(reader.IsDBNull(7) ? null : reader.GetString(7)),
        Checksums = StorageJson.ReadDictionary(reader.IsDBNull(8) ? null : reader.GetString(8)),
        Tags = StorageJson.ReadDictionary(reader.IsDBNull(9) ? null : reader.GetString(9)),
        Segments = StorageJson.ReadSegments(reader.IsDBNull(10) ? null : reader.GetString(10)),
        InlineBody = withInlineBody && !reader.IsDBNull(11) ? (byte[])reader.GetValue(11) : null,
        Sequencer = reader.GetInt64(12),
    };
}
