using Microsoft.Data.Sqlite;
using Sluice.Catalog;
using Sluice.Gateway;
using Sluice.Storage.Blobs;
using Sluice.Storage.Buckets;
using Sluice.Storage.Objects;

namespace Sluice.Storage;

/// <summary>
/// Buckets and objects over the catalog and the blob files. Every change is one catalog write
/// (a group commit) made after the body is durable; replaced blobs are removed after the commit.
/// </summary>
public sealed class ObjectStore(SqliteCatalog catalog, BlobStore blobs, TimeProvider time)
{
    public SqliteCatalog Catalog => catalog;
    public BlobStore Blobs => blobs;
    public DateTimeOffset Now => time.GetUtcNow();

    public BucketRecord RequireBucket(string bucket) =>
        catalog.Read(connection => BucketCatalog.Find(connection, bucket))
        ?? throw new S3Exception(S3Errors.NoSuchBucket).With("BucketName", bucket);

    public ObjectRecord RequireObject(string bucket, string key) =>
        catalog.Read(connection => FindInBucket(connection, bucket, key))
        ?? throw new S3Exception(S3Errors.NoSuchKey).With("Key", key);

    /// <summary>
    /// Stores an object whose body is already read. <paramref name="precondition"/> runs inside the
    /// transaction with the current object (for If-Match / If-None-Match writes).
    /// </summary>
    public async Task<ObjectRecord> PutAsync(ObjectRecord draft, IngestedBody body, Action<ObjectRecord?>? precondition = null)
    {
        await body.PublishAsync();
        var record = draft with { Size = body.Size, InlineBody = body.Inline, Segments = body.Segments };
        try
        {
            return await CommitAsync(record, precondition is null ? null : (_, current) => precondition(current));
        }
        catch
        {
            blobs.Delete(record.Segments.Select(segment => segment.BlobId));
            throw;
        }
    }

    /// <summary>
    /// Commits a record whose blobs are already published. <paramref name="inTransaction"/> runs first in
    /// the same transaction with the current object: it may refuse the write by throwing, or change more rows.
    /// </summary>
    public async Task<ObjectRecord> CommitAsync(ObjectRecord record, Action<SqliteConnection, ObjectRecord?>? inTransaction)
    {
        var (stored, replaced) = await catalog.WriteAsync(connection =>
        {
            RequireBucket(connection, record.Bucket);
            var current = ObjectCatalog.Find(connection, record.Bucket, record.Key);
            inTransaction?.Invoke(connection, current);
            var sequenced = record with { Sequencer = ObjectCatalog.NextSequencer(connection) };
            var previous = ObjectCatalog.Upsert(connection, sequenced);
            return (sequenced, previous);
        });
        DeleteBlobsOf(replaced);
        return stored;
    }

    /// <summary>Deletes the object if present; returns what was deleted.</summary>
    public async Task<ObjectRecord?> DeleteAsync(string bucket, string key)
    {
        var deleted = await catalog.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            return ObjectCatalog.Delete(connection, bucket, key);
        });
        DeleteBlobsOf(deleted);
        return deleted;
    }

    public Task SetTagsAsync(string bucket, string key, IReadOnlyDictionary<string, string> tags) =>
        catalog.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            if (ObjectCatalog.Find(connection, bucket, key) is null)
                throw new S3Exception(S3Errors.NoSuchKey).With("Key", key);
            ObjectCatalog.SetTags(connection, bucket, key, tags);
        });

    /// <summary>Opens a body for reading; if an overwrite removed the blob in between, reads the new version.</summary>
    public ObjectBody OpenBody(ref ObjectRecord record, long offset, long length)
    {
        try
        {
            return ObjectBody.Open(blobs, record, offset, length);
        }
        catch (FileNotFoundException)
        {
            record = RequireObject(record.Bucket, record.Key);
            return ObjectBody.Open(blobs, record, offset, Math.Min(length, record.Size - offset));
        }
    }

    public void DeleteBlobsOf(ObjectRecord? record)
    {
        if (record is not null)
            blobs.Delete(record.Segments.Select(segment => segment.BlobId));
    }

    /// <summary>Removes temp files and blobs that no catalog row references; run once at start-up.</summary>
    public int RemoveOrphans()
    {
        var referenced = catalog.Read(ObjectCatalog.ReferencedBlobs);
        return blobs.RemoveOrphans(referenced.Contains);
    }

    private static ObjectRecord? FindInBucket(SqliteConnection connection, string bucket, string key)
    {
        RequireBucket(connection, bucket);
        return ObjectCatalog.Find(connection, bucket, key);
    }

    private static void RequireBucket(SqliteConnection connection, string bucket)
    {
        if (BucketCatalog.Find(connection, bucket) is null)
            throw new S3Exception(S3Errors.NoSuchBucket).With("BucketName", bucket);
    }
}
