using Sluice.Events;
using Sluice.Gateway;

namespace Sluice.Storage.Objects;

/// <summary>CopyObject: a new object with the source's bytes, and its metadata copied or replaced.</summary>
public sealed class CopyObjectHandler(ObjectStore store, BodyReader bodies)
{
    public const long MaxCopyBytes = 5L * 1024 * 1024 * 1024;

    // CopyObject
    public async Task CopyObjectAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        ObjectHandlers.ValidateKey(request.Key);
        store.RequireBucket(bucket);
        var source = CopySource.Parse(request.Header("x-amz-copy-source")!);
        var record = store.RequireObject(source.Bucket, source.Key);
        CopySource.CheckConditions(request, record);
        if (record.Size > MaxCopyBytes)
            throw new S3Exception(S3Errors.InvalidRequest, "The specified copy source is larger than the maximum allowable size for a copy source: 5368709120");

        var replaceMetadata = Directive(request, "x-amz-metadata-directive");
        var replaceTags = Directive(request, "x-amz-tagging-directive");
        if (source.Bucket == bucket && source.Key == request.Key && !replaceMetadata && !replaceTags)
            throw new S3Exception(S3Errors.InvalidRequest,
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");

        var (contentType, headers, metadata) = replaceMetadata
            ? ObjectHeaders.FromRequest(request)
            : (record.ContentType, new Dictionary<string, string>(record.Headers), new Dictionary<string, string>(record.Metadata));
        var tags = replaceTags ? TagSet.FromHeader(request.Header("x-amz-tagging")) : new Dictionary<string, string>(record.Tags);

        await using var sourceBody = store.OpenBody(ref record, 0, record.Size);
        var requested = RequestedChecksums.From(request);
        await using var body = await bodies.ReadAsync(sourceBody.AsStream(request.Aborted), record.Size, request.Aborted, checksums: requested.Algorithms);
        var draft = body.Describe(bucket, request.Key, store.Now) with
        {
            ContentType = contentType,
            Headers = headers,
            Metadata = metadata,
            Tags = tags,
            // Whole-object checksums describe the same bytes; composite ("…-N") ones described the parts.
            Checksums = requested.Algorithms.Count > 0
                ? requested.Verify(body.Checksums, request.Trailers)
                : record.Checksums.Where(pair => !pair.Value.Contains('-')).ToDictionary(),
        };
        var stored = await store.PutAsync(draft, body, new ChangeSource(S3EventName.ObjectCreatedCopy, request.Origin),
            ObjectHandlers.WritePreconditions(request));
        await S3Xml.WriteAsync(request.Response, "CopyObjectResult", xml =>
        {
            xml.Element("LastModified", stored.LastModified);
            xml.Element("ETag", stored.QuotedETag);
            foreach (var (algorithm, value) in stored.Checksums)
                xml.WriteElementString("Checksum" + algorithm, value);
        });
    }

    private static bool Directive(S3Request request, string header) =>
        request.Header(header) switch
        {
            null or "COPY" => false,
            "REPLACE" => true,
            var other => throw new S3Exception(S3Errors.InvalidArgument, $"Unknown {header}: {other}").With("ArgumentName", header),
        };
}
