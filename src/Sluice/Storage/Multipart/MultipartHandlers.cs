using System.Security.Cryptography;
using Sluice.Events;
using Sluice.Gateway;
using Sluice.Storage.Blobs;
using Sluice.Storage.Checksums;
using Sluice.Storage.Objects;

namespace Sluice.Storage.Multipart;

/// <summary>CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads.</summary>
public sealed class MultipartHandlers(ObjectStore store, BodyReader bodies)
{
    public const long MinPartSize = 5L * 1024 * 1024;
    public const int MaxPartNumber = 10_000;

    // CreateMultipartUpload
    public async Task CreateMultipartUploadAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        ObjectHandlers.ValidateKey(request.Key);
        var (contentType, headers, metadata) = ObjectHeaders.FromRequest(request);
        var upload = new UploadRecord(BlobStore.NewId(), bucket, request.Key, store.Now, contentType, headers, metadata,
            TagSet.FromHeader(request.Header("x-amz-tagging")), request.Header("x-amz-checksum-algorithm")?.ToUpperInvariant());
        await store.Catalog.WriteAsync(connection =>
        {
            if (Buckets.BucketCatalog.Find(connection, bucket) is null)
                throw new S3Exception(S3Errors.NoSuchBucket).With("BucketName", bucket);
            MultipartCatalog.Insert(connection, upload);
        });
        if (upload.ChecksumAlgorithm is { } algorithm)
            request.Response.Headers["x-amz-checksum-algorithm"] = algorithm;
        await S3Xml.WriteAsync(request.Response, "InitiateMultipartUploadResult", xml =>
        {
            xml.WriteElementString("Bucket", bucket);
            xml.WriteElementString("Key", request.Key);
            xml.WriteElementString("UploadId", upload.UploadId);
        });
    }

    // UploadPart
    public async Task UploadPartAsync(S3Request request)
    {
        var (upload, partNumber) = RequireUploadAndPart(request);
        var requested = RequestedChecksums.From(request, upload.ChecksumAlgorithm);
        await using var body = await bodies.ReadAsync(request.Body, request.DeclaredLength, request.Aborted,
            allowInline: false, checksums: requested.Algorithms);
        ObjectHandlers.VerifyContentMd5(request, body.Md5);
        var part = await StorePartAsync(upload, partNumber, body, requested.Verify(body.Checksums, request.Trailers));
        request.Response.Headers.ETag = $"\"{part.ETag}\"";
        RequestedChecksums.WriteHeaders(request.Response, part.Checksums);
        request.Response.StatusCode = 200;
    }

    // UploadPartCopy
    public async Task UploadPartCopyAsync(S3Request request)
    {
        var (upload, partNumber) = RequireUploadAndPart(request);
        var source = CopySource.Parse(request.Header("x-amz-copy-source")!);
        var record = store.RequireObject(source.Bucket, source.Key);
        CopySource.CheckConditions(request, record);
        var range = request.Header("x-amz-copy-source-range") is { } rangeHeader
            ? ByteRange.Parse(rangeHeader, record.Size, out var unsatisfiable) is { } parsed && !unsatisfiable
                ? parsed
                : throw new S3Exception(S3Errors.InvalidArgument, "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy")
                    .With("ArgumentName", "x-amz-copy-source-range")
            : new ByteRange(0, record.Size);

        await using var sourceBody = store.OpenBody(ref record, range.Start, range.Length);
        var requested = RequestedChecksums.From(request, upload.ChecksumAlgorithm);
        await using var body = await bodies.ReadAsync(sourceBody.AsStream(request.Aborted), range.Length, request.Aborted,
            allowInline: false, checksums: requested.Algorithms);
        var part = await StorePartAsync(upload, partNumber, body, requested.Verify(body.Checksums, request.Trailers));
        await S3Xml.WriteAsync(request.Response, "CopyPartResult", xml =>
        {
            xml.Element("LastModified", part.LastModified);
            xml.WriteElementString("ETag", $"\"{part.ETag}\"");
            foreach (var (algorithm, value) in part.Checksums)
                xml.WriteElementString("Checksum" + algorithm, value);
        });
    }

    // CompleteMultipartUpload
    public async Task CompleteMultipartUploadAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        var uploadId = request.QueryValue("uploadId")!;
        var document = await S3Xml.ReadAsync(request.Body, request.Aborted);
        var requested = document.Children("Part").Select(part =>
        {
            if (!int.TryParse(part.ChildValue("PartNumber"), out var number) || part.ChildValue("ETag") is not { } etag)
                throw new S3Exception(S3Errors.MalformedXml);
            var checksums = ChecksumAlgorithms.All
                .Select(algorithm => (Name: algorithm.ToS3Name(), Value: part.ChildValue("Checksum" + algorithm.ToS3Name())))
                .Where(entry => entry.Value is not null)
                .ToDictionary(entry => entry.Name, entry => entry.Value!);
            return (Number: number, ETag: etag.Trim('"'), Checksums: checksums);
        }).ToList();
        if (requested.Count == 0)
            throw new S3Exception(S3Errors.MalformedXml, "You must specify at least one part");
        for (var i = 1; i < requested.Count; i++)
            if (requested[i].Number <= requested[i - 1].Number)
                throw new S3Exception(S3Errors.InvalidPartOrder);

        var upload = FindUpload(bucket, request.Key, uploadId);
        var stored = store.Catalog.Read(connection => MultipartCatalog.Parts(connection, uploadId)).ToDictionary(part => part.PartNumber);
        var chosen = new List<PartRecord>(requested.Count);
        foreach (var (number, etag, checksums) in requested)
        {
            if (!stored.TryGetValue(number, out var part) || part.ETag != etag
                || checksums.Any(pair => !part.Checksums.TryGetValue(pair.Key, out var value) || value != pair.Value))
                throw new S3Exception(S3Errors.InvalidPart).With("PartNumber", number.ToString()).With("ETag", etag);
            chosen.Add(part);
        }
        for (var i = 0; i < chosen.Count - 1; i++)
            if (chosen[i].Size < MinPartSize)
                throw new S3Exception(S3Errors.EntityTooSmall)
                    .With("ProposedSize", chosen[i].Size.ToString()).With("MinSizeAllowed", MinPartSize.ToString())
                    .With("PartNumber", chosen[i].PartNumber.ToString()).With("ETag", chosen[i].ETag);

        var record = new ObjectRecord
        {
            Bucket = bucket,
            Key = request.Key,
            Size = chosen.Sum(part => part.Size),
            ETag = MultipartETag(chosen),
            LastModified = store.Now,
            ContentType = upload.ContentType,
            Headers = upload.Headers,
            Metadata = upload.Metadata,
            Tags = upload.Tags,
            Segments = chosen.Select(part => new BlobSegment(part.BlobId, part.Size)).ToList(),
            Checksums = ObjectChecksum(upload.ChecksumAlgorithm, chosen),
        };
        var precondition = ObjectHandlers.WritePreconditions(request);
        var committed = await store.CommitAsync(record, new ChangeSource(S3EventName.ObjectCreatedCompleteMultipartUpload, request.Origin), (connection, current) =>
        {
            // A concurrent Complete or Abort of the same upload must not win twice.
            if (MultipartCatalog.Find(connection, uploadId) is null)
                throw new S3Exception(S3Errors.NoSuchUpload).With("UploadId", uploadId);
            precondition?.Invoke(current);
            MultipartCatalog.Delete(connection, uploadId);
        });
        var chosenBlobs = chosen.Select(part => part.BlobId).ToHashSet();
        store.Blobs.Delete(stored.Values.Select(part => part.BlobId).Where(blob => !chosenBlobs.Contains(blob)));

        await S3Xml.WriteAsync(request.Response, "CompleteMultipartUploadResult", xml =>
        {
            xml.WriteElementString("Location", $"{request.Http.Scheme}://{request.Http.Host}/{bucket}/{Uri.EscapeDataString(request.Key)}");
            xml.WriteElementString("Bucket", bucket);
            xml.WriteElementString("Key", request.Key);
            xml.WriteElementString("ETag", committed.QuotedETag);
            foreach (var (algorithm, value) in committed.Checksums)
                xml.WriteElementString("Checksum" + algorithm, value);
        });
    }

    // AbortMultipartUpload
    public async Task AbortMultipartUploadAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        var uploadId = request.QueryValue("uploadId")!;
        var blobs = await store.Catalog.WriteAsync(connection =>
        {
            var upload = MultipartCatalog.Find(connection, uploadId);
            if (upload is null || upload.Bucket != bucket || upload.Key != request.Key)
                throw new S3Exception(S3Errors.NoSuchUpload).With("UploadId", uploadId);
            var parts = MultipartCatalog.Parts(connection, uploadId);
            MultipartCatalog.Delete(connection, uploadId);
            return parts.Select(part => part.BlobId).ToList();
        });
        store.Blobs.Delete(blobs);
        request.Response.StatusCode = 204;
    }

    // ListParts
    public Task ListPartsAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        var uploadId = request.QueryValue("uploadId")!;
        var upload = FindUpload(bucket, request.Key, uploadId);
        var marker = int.TryParse(request.QueryValue("part-number-marker"), out var parsedMarker) ? parsedMarker : 0;
        var maxParts = int.TryParse(request.QueryValue("max-parts"), out var parsedMax) ? Math.Clamp(parsedMax, 0, 1000) : 1000;
        var parts = store.Catalog.Read(connection => MultipartCatalog.Parts(connection, uploadId))
            .Where(part => part.PartNumber > marker).ToList();
        var page = parts.Take(maxParts).ToList();
        var truncated = parts.Count > page.Count;

        return S3Xml.WriteAsync(request.Response, "ListPartsResult", xml =>
        {
            xml.WriteElementString("Bucket", bucket);
            xml.WriteElementString("Key", request.Key);
            xml.WriteElementString("UploadId", uploadId);
            xml.Element("PartNumberMarker", marker);
            if (page.Count > 0) xml.Element("NextPartNumberMarker", page[^1].PartNumber);
            xml.Element("MaxParts", maxParts);
            xml.Element("IsTruncated", truncated);
            xml.Element("ChecksumAlgorithm", upload.ChecksumAlgorithm);
            xml.WriteElementString("StorageClass", "STANDARD");
            foreach (var part in page)
            {
                xml.WriteStartElement("Part");
                xml.Element("PartNumber", part.PartNumber);
                xml.Element("LastModified", part.LastModified);
                xml.WriteElementString("ETag", $"\"{part.ETag}\"");
                xml.Element("Size", part.Size);
                foreach (var (algorithm, value) in part.Checksums)
                    xml.WriteElementString("Checksum" + algorithm, value);
                xml.WriteEndElement();
            }
        });
    }

    // ListMultipartUploads
    public Task ListMultipartUploadsAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        store.RequireBucket(bucket);
        var prefix = request.QueryValue("prefix") ?? "";
        var keyMarker = request.QueryValue("key-marker");
        var uploadIdMarker = request.QueryValue("upload-id-marker");
        var maxUploads = int.TryParse(request.QueryValue("max-uploads"), out var parsedMax) ? Math.Clamp(parsedMax, 0, 1000) : 1000;
        // Uploads of one key are listed in upload id order, so a page may end between two of them and
        // the next page resumes after (key-marker, upload-id-marker).
        var uploads = store.Catalog.Read(connection => MultipartCatalog.ListUploads(connection, bucket, prefix))
            .Where(upload => keyMarker is null
                || string.CompareOrdinal(upload.Key, keyMarker) > 0
                || (upload.Key == keyMarker && uploadIdMarker is not null && string.CompareOrdinal(upload.UploadId, uploadIdMarker) > 0))
            .ToList();
        var page = uploads.Take(maxUploads).ToList();

        return S3Xml.WriteAsync(request.Response, "ListMultipartUploadsResult", xml =>
        {
            xml.WriteElementString("Bucket", bucket);
            xml.WriteElementString("KeyMarker", keyMarker ?? "");
            xml.WriteElementString("UploadIdMarker", uploadIdMarker ?? "");
            if (uploads.Count > page.Count)
            {
                xml.WriteElementString("NextKeyMarker", page[^1].Key);
                xml.WriteElementString("NextUploadIdMarker", page[^1].UploadId);
            }
            xml.WriteElementString("Prefix", prefix);
            xml.Element("MaxUploads", maxUploads);
            xml.Element("IsTruncated", uploads.Count > page.Count);
            foreach (var upload in page)
            {
                xml.WriteStartElement("Upload");
                xml.WriteElementString("Key", upload.Key);
                xml.WriteElementString("UploadId", upload.UploadId);
                xml.Element("Initiated", upload.Initiated);
                xml.WriteElementString("StorageClass", "STANDARD");
                xml.WriteEndElement();
            }
        });
    }

    /// <summary>
    /// The object's checksum from its parts' checksums: COMPOSITE ("…-N") where S3 offers it, the
    /// combined FULL_OBJECT CRC for CRC64NVME. None when the upload named no algorithm or a part lacks it.
    /// </summary>
    private static Dictionary<string, string> ObjectChecksum(string? algorithmName, IReadOnlyList<PartRecord> parts)
    {
        var result = new Dictionary<string, string>();
        if (!ChecksumAlgorithms.TryParse(algorithmName, out var algorithm)) return result;
        var name = algorithm.ToS3Name();
        if (parts.Any(part => !part.Checksums.ContainsKey(name))) return result;
        if (algorithm.SupportsComposite()
            && MultipartChecksum.TryComputeComposite(algorithm, parts.Select(part => part.Checksums[name]).ToList(), out var composite))
            result[name] = composite;
        else if (MultipartChecksum.TryComputeFullObject(algorithm, parts.Select(part => (part.Checksums[name], part.Size)).ToList(), out var full))
            result[name] = full;
        return result;
    }

    /// <summary>hex(md5(concat(binary part md5s)))-N, S3's multipart ETag.</summary>
    public static string MultipartETag(IReadOnlyList<PartRecord> parts)
    {
        var concatenated = parts.SelectMany(part => Convert.FromHexString(part.ETag)).ToArray();
        return $"{Convert.ToHexStringLower(MD5.HashData(concatenated))}-{parts.Count}";
    }

    private (UploadRecord Upload, int PartNumber) RequireUploadAndPart(S3Request request)
    {
        var bucket = request.RequireBucket();
        if (!int.TryParse(request.QueryValue("partNumber"), out var partNumber) || partNumber is < 1 or > MaxPartNumber)
            throw new S3Exception(S3Errors.TooManyParts).With("ArgumentName", "partNumber");
        return (FindUpload(bucket, request.Key, request.QueryValue("uploadId")!), partNumber);
    }

    private UploadRecord FindUpload(string bucket, string key, string uploadId)
    {
        var upload = store.Catalog.Read(connection => MultipartCatalog.Find(connection, uploadId));
        if (upload is null || upload.Bucket != bucket || upload.Key != key)
            throw new S3Exception(S3Errors.NoSuchUpload).With("UploadId", uploadId);
        return upload;
    }

    private async Task<PartRecord> StorePartAsync(UploadRecord upload, int partNumber, IngestedBody body, Dictionary<string, string> checksums)
    {
        await body.PublishAsync();
        var part = new PartRecord(partNumber, body.Size, body.Md5Hex, store.Now, body.Temp!.Id, checksums);
        string? replaced;
        try
        {
            replaced = await store.Catalog.WriteAsync(connection =>
                MultipartCatalog.Find(connection, upload.UploadId) is null
                    ? throw new S3Exception(S3Errors.NoSuchUpload).With("UploadId", upload.UploadId)
                    : MultipartCatalog.UpsertPart(connection, upload.UploadId, part));
        }
        catch
        {
            store.Blobs.Delete(part.BlobId);
            throw;
        }
        if (replaced is not null) store.Blobs.Delete(replaced);
        return part;
    }
}
