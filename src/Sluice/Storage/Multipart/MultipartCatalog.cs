using System.Data.Common;
using Sluice.Catalog;

namespace Sluice.Storage.Multipart;

public sealed record UploadRecord(
    string UploadId, string Bucket, string Key, DateTimeOffset Initiated, string? ContentType,
    IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, string> Tags, string? ChecksumAlgorithm);

public sealed record PartRecord(int PartNumber, long Size, string ETag, DateTimeOffset LastModified, string BlobId,
    IReadOnlyDictionary<string, string> Checksums);

/// <summary>SQL for multipart uploads and their parts.</summary>
public static class MultipartCatalog
{
    public static void Insert(CatalogConnection connection, UploadRecord upload)
    {
        using var command = connection.Statement("""
            INSERT INTO multipart_uploads (upload_id, bucket, key, initiated_ms, content_type, headers, metadata, tags, checksum_algorithm)
            VALUES (@id, @bucket, @key, @initiated, @contentType, @headers, @metadata, @tags, @checksum)
            """);
        command.Bind("@id", upload.UploadId);
        command.Bind("@bucket", upload.Bucket);
        command.Bind("@key", upload.Key);
        command.Bind("@initiated", upload.Initiated.ToUnixTimeMilliseconds());
        command.Bind("@contentType", upload.ContentType);
        command.Bind("@headers", StorageJson.Write(upload.Headers));
        command.Bind("@metadata", StorageJson.Write(upload.Metadata));
        command.Bind("@tags", StorageJson.Write(upload.Tags));
        command.Bind("@checksum", upload.ChecksumAlgorithm);
        command.ExecuteNonQuery();
    }

    public static UploadRecord? Find(CatalogConnection connection, string uploadId)
    {
        using var command = connection.Statement("SELECT upload_id, bucket, key, initiated_ms, content_type, headers, metadata, tags, checksum_algorithm FROM multipart_uploads WHERE upload_id = @id");
        command.Bind("@id", uploadId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? MapUpload(reader) : null;
    }

    public static List<UploadRecord> ListUploads(CatalogConnection connection, string bucket, string prefix)
    {
        using var command = connection.Statement("""
            SELECT upload_id, bucket, key, initiated_ms, content_type, headers, metadata, tags, checksum_algorithm
            FROM multipart_uploads WHERE bucket = @bucket AND substr(key, 1, length(@prefix)) = @prefix
            ORDER BY key, upload_id LIMIT 10000
            """);
        command.Bind("@bucket", bucket);
        command.Bind("@prefix", prefix);
        using var reader = command.ExecuteReader();
        var uploads = new List<UploadRecord>();
        while (reader.Read()) uploads.Add(MapUpload(reader));
        return uploads;
    }

    /// <summary>Adds or replaces a part; returns the blob of the part it replaced, if any.</summary>
    public static string? UpsertPart(CatalogConnection connection, string uploadId, PartRecord part)
    {
        var previous = Parts(connection, uploadId).FirstOrDefault(existing => existing.PartNumber == part.PartNumber);
        using var command = connection.Statement("""
            INSERT INTO multipart_parts (upload_id, part_number, size, etag, modified_ms, blob_id, checksums)
            VALUES (@id, @number, @size, @etag, @modified, @blob, @checksums)
            ON CONFLICT (upload_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag,
                modified_ms = excluded.modified_ms, blob_id = excluded.blob_id, checksums = excluded.checksums
            """);
        command.Bind("@id", uploadId);
        command.Bind("@number", part.PartNumber);
        command.Bind("@size", part.Size);
        command.Bind("@etag", part.ETag);
        command.Bind("@modified", part.LastModified.ToUnixTimeMilliseconds());
        command.Bind("@blob", part.BlobId);
        command.Bind("@checksums", StorageJson.Write(part.Checksums));
        command.ExecuteNonQuery();
        return previous?.BlobId;
    }

    public static List<PartRecord> Parts(CatalogConnection connection, string uploadId)
    {
        using var command = connection.Statement("SELECT part_number, size, etag, modified_ms, blob_id, checksums FROM multipart_parts WHERE upload_id = @id ORDER BY part_number");
        command.Bind("@id", uploadId);
        using var reader = command.ExecuteReader();
        var parts = new List<PartRecord>();
        while (reader.Read())
            parts.Add(new PartRecord(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetString(4),
                StorageJson.ReadDictionary(reader.IsDBNull(5) ? null : reader.GetString(5))));
        return parts;
    }

    /// <summary>Removes the upload and its parts' rows (the blobs are the caller's to keep or delete).</summary>
    public static void Delete(CatalogConnection connection, string uploadId)
    {
        using var command = connection.Statement("DELETE FROM multipart_parts WHERE upload_id = @id; DELETE FROM multipart_uploads WHERE upload_id = @id");
        command.Bind("@id", uploadId);
        command.ExecuteNonQuery();
    }

    /// <summary>Removes every upload in a bucket; returns their parts' blobs, to delete once the change is committed.</summary>
    public static List<string> DeleteAllIn(CatalogConnection connection, string bucket)
    {
        var blobs = new List<string>();
        using (var select = connection.Statement("""
            SELECT blob_id FROM multipart_parts
            WHERE upload_id IN (SELECT upload_id FROM multipart_uploads WHERE bucket = @bucket)
            """))
        {
            select.Bind("@bucket", bucket);
            using var reader = select.ExecuteReader();
            while (reader.Read()) blobs.Add(reader.GetString(0));
        }
        using var delete = connection.Statement("""
            DELETE FROM multipart_parts WHERE upload_id IN (SELECT upload_id FROM multipart_uploads WHERE bucket = @bucket);
            DELETE FROM multipart_uploads WHERE bucket = @bucket
            """);
        delete.Bind("@bucket", bucket);
        delete.ExecuteNonQuery();
        return blobs;
    }

    private static UploadRecord MapUpload(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        StorageJson.ReadDictionary(reader.IsDBNull(5) ? null : reader.GetString(5)),
        StorageJson.ReadDictionary(reader.IsDBNull(6) ? null : reader.GetString(6)),
        StorageJson.ReadDictionary(reader.IsDBNull(7) ? null : reader.GetString(7)),
        reader.IsDBNull(8) ? null : reader.GetString(8));
}
