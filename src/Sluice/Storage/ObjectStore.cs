using Sluice.Catalog;
using Sluice.Events;
using Sluice.Gateway;
using Sluice.Storage.Blobs;
using Sluice.Storage.Buckets;
using Sluice.Storage.Objects;

namespace Sluice.Storage;

/// <summary>What caused a change: the S3 event it raises and the request behind it.</summary>
public sealed record ChangeSource(S3EventName EventName, RequestOrigin Origin);

/// <summary>
/// Buckets and objects over the catalog and the blob files. Every change is one catalog write
/// (a group commit) made after the body is durable; replaced blobs are removed after the commit. Object reads
/// go through <see cref="ObjectRecordCache"/>, which every change leaves before it is acknowledged.
/// </summary>
public sealed class ObjectStore(ICatalog catalog, BlobStore blobs, EventHandOff events, ObjectRecordCache cache, TimeProvider time)
{
    public ICatalog Catalog => catalog;
    public BlobStore Blobs => blobs;
    public DateTimeOffset Now => time.GetUtcNow();

    public BucketRecord RequireBucket(string bucket) =>
        catalog.Read(connection => BucketCatalog.Find(connection, bucket))
        ?? throw new S3Exception(S3Errors.NoSuchBucket).With("BucketName", bucket);

    public ObjectRecord RequireObject(string bucket, string key)
    {
        if (cache.TryGet(bucket, key, out var cached))
            return cached;
        var ticket = cache.BeginRead(bucket, key);
        var found = catalog.Read(connection => FindInBucket(connection, bucket, key))
            ?? throw new S3Exception(S3Errors.NoSuchKey).With("Key", key);
        cache.Offer(ticket, found);
        return found;
    }

    /// <summary>The object, looking at the bucket only when the object is absent (to tell NoSuchBucket from NoSuchKey).</summary>
    private static ObjectRecord? FindInBucket(CatalogConnection connection, string bucket, string key)
    {
        var found = ObjectCatalog.Find(connection, bucket, key);
        if (found is null) RequireBucket(connection, bucket);
        return found;
    }

    /// <summary>
    /// Stores an object whose body is already read. <paramref name="precondition"/> runs inside the
    /// transaction with the current object (for If-Match / If-None-Match writes).
    /// </summary>
    public async Task<ObjectRecord> PutAsync(ObjectRecord draft, IngestedBody body, ChangeSource source, Action<ObjectRecord?>? precondition = null)
    {
        await body.PublishAsync();
        var record = draft with { Size = body.Size, InlineBody = body.Inline, Segments = body.Segments };
        try
        {
            return await CommitAsync(record, source, precondition is null ? null : (_, current) => precondition(current));
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
    public async Task<ObjectRecord> CommitAsync(ObjectRecord record, ChangeSource source, Action<CatalogConnection, ObjectRecord?>? inTransaction)
    {
        var (stored, replaced, queued) = await catalog.WriteAsync(connection =>
        {
            RequireBucket(connection, record.Bucket);
            var current = ObjectCatalog.Find(connection, record.Bucket, record.Key);
            inTransaction?.Invoke(connection, current);
            var sequenced = record with { Sequencer = ObjectCatalog.NextSequencer(connection) };
            ObjectCatalog.Upsert(connection, sequenced);
            var previous = current;
            var queued = events.Record(connection, new ObjectChange(source.EventName, sequenced.Bucket, sequenced.Key,
                sequenced.Size, sequenced.ETag, sequenced.Sequencer, sequenced.LastModified, source.Origin));
            return (sequenced, previous, queued);
        });
        cache.Invalidate(record.Bucket, record.Key);
        events.AfterCommit(queued);
        DeleteBlobsOf(replaced);
        return stored;
    }

    /// <summary>Deletes the object if present (raising ObjectRemoved:Delete); returns what was deleted.</summary>
    public async Task<ObjectRecord?> DeleteAsync(string bucket, string key, RequestOrigin origin)
    {
        var (deleted, queued) = await catalog.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            var deleted = ObjectCatalog.Delete(connection, bucket, key);
            var queued = deleted is not null && events.Record(connection, new ObjectChange(S3EventName.ObjectRemovedDelete, bucket, key,
                null, null, ObjectCatalog.NextSequencer(connection), Now, origin));
            return (deleted, queued);
        });
        cache.Invalidate(bucket, key);
        events.AfterCommit(queued);
        DeleteBlobsOf(deleted);
        return deleted;
    }

    /// <summary>Replaces the object's tags, raising ObjectTagging:Put or :Delete.</summary>
    public async Task SetTagsAsync(string bucket, string key, IReadOnlyDictionary<string, string> tags, ChangeSource source)
    {
        var queued = await catalog.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            var current = ObjectCatalog.Find(connection, bucket, key) ?? throw new S3Exception(S3Errors.NoSuchKey).With("Key", key);
            ObjectCatalog.SetTags(connection, bucket, key, tags);
            return events.Record(connection, new ObjectChange(source.EventName, bucket, key,
                current.Size, current.ETag, current.Sequencer, Now, source.Origin));
        });
        cache.Invalidate(bucket, key);
        events.AfterCommit(queued);
    }

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

    /// <summary>Removes temp files and blobs from before <paramref name="startedAt"/> that no catalog row references.</summary>
    public int RemoveOrphans(DateTime startedAt)
    {
        var referenced = catalog.Read(ObjectCatalog.ReferencedBlobs);
        return blobs.RemoveOrphans(referenced.Contains, startedAt);
    }

    private static void RequireBucket(CatalogConnection connection, string bucket)
    {
        if (BucketCatalog.Find(connection, bucket) is null)
            throw new S3Exception(S3Errors.NoSuchBucket).With("BucketName", bucket);
    }
}
