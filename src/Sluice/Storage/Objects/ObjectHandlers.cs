using System.Security.Cryptography;
using Sluice.Events;
using Sluice.Gateway;

namespace Sluice.Storage.Objects;

/// <summary>PutObject, GetObject, HeadObject, DeleteObject.</summary>
public sealed class ObjectHandlers(ObjectStore store, BodyReader bodies)
{
    public const int MaxKeyBytes = 1024;

    // PutObject
    public async Task PutObjectAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        ValidateKey(request.Key);
        store.RequireBucket(bucket);
        var (contentType, headers, metadata) = ObjectHeaders.FromRequest(request);
        var tags = TagSet.FromHeader(request.Header("x-amz-tagging"));

        var requested = RequestedChecksums.From(request);
        await using var body = await bodies.ReadAsync(request.Body, request.DeclaredLength, request.Aborted, checksums: requested.Algorithms);
        VerifyContentMd5(request, body.Md5);
        var checksums = requested.Verify(body.Checksums, request.Trailers);
        var draft = body.Describe(bucket, request.Key, store.Now) with
        {
            ContentType = contentType,
            Headers = headers,
            Metadata = metadata,
            Tags = tags,
            Checksums = checksums,
        };
        var stored = await store.PutAsync(draft, body, new ChangeSource(S3EventName.ObjectCreatedPut, request.Origin), WritePreconditions(request));
        request.Response.Headers.ETag = stored.QuotedETag;
        RequestedChecksums.WriteHeaders(request.Response, stored.Checksums);
        request.Response.StatusCode = 200;
    }

    // GetObject and HeadObject
    public async Task GetObjectAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        RejectUnknownVersion(request.QueryValue("versionId"));
        var record = store.RequireObject(bucket, request.Key);
        var response = request.Response;

        var outcome = Preconditions.Evaluate(request.Header("If-Match"), request.Header("If-None-Match"),
            request.Header("If-Modified-Since"), request.Header("If-Unmodified-Since"), record.ETag, record.LastModified);
        if (outcome != PreconditionOutcome.Proceed)
        {
            response.Headers.ETag = record.QuotedETag;
            response.Headers.LastModified = S3Xml.FormatHttpDate(record.LastModified);
            if (outcome == PreconditionOutcome.NotModified)
            {
                response.StatusCode = 304;
                return;
            }
            throw new S3Exception(S3Errors.PreconditionFailed).With("Condition", "If-Match");
        }

        var (range, partCount) = ResolveRange(request, record);
        ObjectHeaders.WriteTo(response, record, request);
        if (range is null && partCount is null && request.Header("x-amz-checksum-mode") is { } mode
            && mode.Equals("ENABLED", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var (algorithm, value) in record.Checksums)
                response.Headers["x-amz-checksum-" + algorithm.ToLowerInvariant()] = value;
        }

        long offset = 0, length = record.Size;
        if (range is { } selected)
        {
            offset = selected.Start;
            length = selected.Length;
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {selected.Start}-{selected.End}/{record.Size}";
        }
        else
        {
            response.StatusCode = 200;
        }
        response.ContentLength = length;
        if (HttpMethods.IsHead(request.Http.Method)) return;

        await using var body = store.OpenBody(ref record, offset, length);
        // Headers first, so that the body goes into the connection's output buffers themselves.
        await response.StartAsync(request.Aborted);
        await body.CopyToAsync(response.BodyWriter, request.Aborted);
    }

    // DeleteObject
    public async Task DeleteObjectAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        RejectUnknownVersion(request.QueryValue("versionId"));
        await store.DeleteAsync(bucket, request.Key, request.Origin);
        request.Response.StatusCode = 204;
    }

    /// <summary>Objects here are unversioned: the only version S3 lists for them is "null".</summary>
    public static void RejectUnknownVersion(string? versionId)
    {
        if (versionId is not null && versionId != "null")
            throw new S3Exception(S3Errors.InvalidArgument, "Invalid version id specified").With("ArgumentName", "versionId");
    }

    public static void ValidateKey(string key)
    {
        if (key.Length == 0)
            throw new S3Exception(S3Errors.InvalidArgument, "Object key must not be empty.");
        if (System.Text.Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
            throw new S3Exception(S3Errors.KeyTooLongError);
    }

    public static void VerifyContentMd5(S3Request request, byte[] md5)
    {
        if (request.Header("Content-MD5") is not { } declared) return;
        byte[] expected;
        try { expected = Convert.FromBase64String(declared); }
        catch (FormatException) { throw new S3Exception(S3Errors.InvalidDigest); }
        if (expected.Length != 16) throw new S3Exception(S3Errors.InvalidDigest);
        if (!CryptographicOperations.FixedTimeEquals(expected, md5)) throw new S3Exception(S3Errors.BadDigest);
    }

    /// <summary>Conditional writes: If-None-Match: * (create only) and If-Match: "etag" (replace only that).</summary>
    public static Action<ObjectRecord?>? WritePreconditions(S3Request request)
    {
        var ifNoneMatch = request.Header("If-None-Match");
        var ifMatch = request.Header("If-Match");
        if (ifNoneMatch is null && ifMatch is null) return null;
        return current =>
        {
            if (ifNoneMatch is not null && current is not null && Preconditions.MatchesAny(ifNoneMatch, current.ETag))
                throw new S3Exception(S3Errors.PreconditionFailed).With("Condition", "If-None-Match");
            if (ifMatch is not null)
            {
                if (current is null) throw new S3Exception(S3Errors.NoSuchKey).With("Key", request.Key);
                if (!Preconditions.MatchesAny(ifMatch, current.ETag))
                    throw new S3Exception(S3Errors.PreconditionFailed).With("Condition", "If-Match");
            }
        };
    }

    private static (ByteRange? Range, int? PartCount) ResolveRange(S3Request request, ObjectRecord record)
    {
        if (request.QueryValue("partNumber") is { } partText)
        {
            if (!int.TryParse(partText, out var partNumber) || partNumber < 1)
                throw new S3Exception(S3Errors.InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive");
            var parts = record.Segments.Count == 0 ? 1 : record.Segments.Count;
            if (partNumber > parts)
                throw new S3Exception(S3Errors.InvalidRange).With("ActualObjectSize", record.Size.ToString());
            request.Response.Headers["x-amz-mp-parts-count"] = parts.ToString();
            if (record.Segments.Count == 0) return (record.Size == 0 ? null : new ByteRange(0, record.Size), parts);
            var start = record.Segments.Take(partNumber - 1).Sum(segment => segment.Size);
            return (new ByteRange(start, record.Segments[partNumber - 1].Size), parts);
        }

        var range = ByteRange.Parse(request.Header("Range"), record.Size, out var unsatisfiable);
        if (unsatisfiable)
            throw new S3Exception(S3Errors.InvalidRange)
                .With("RangeRequested", request.Header("Range") ?? "")
                .With("ActualObjectSize", record.Size.ToString());
        return (range, null);
    }
}
