using System.Text;
using Sluice.Gateway;

namespace Sluice.Storage.Objects;

/// <summary>The headers an object keeps from its upload and returns on GET and HEAD.</summary>
public static class ObjectHeaders
{
    public const string DefaultContentType = "binary/octet-stream";
    private const string MetadataPrefix = "x-amz-meta-";
    private const int MaxMetadataBytes = 2048;

    /// <summary>Stored verbatim and returned as sent; response-* query parameters can override most.</summary>
    private static readonly string[] StoredHeaders =
        ["Content-Encoding", "Content-Disposition", "Content-Language", "Cache-Control", "Expires", "x-amz-website-redirect-location", "x-amz-storage-class"];

    public static (string? ContentType, Dictionary<string, string> Headers, Dictionary<string, string> Metadata) FromRequest(S3Request request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in StoredHeaders)
        {
            var value = request.Header(name);
            if (name == "Content-Encoding" && value is not null)
                value = StripAwsChunked(value);
            if (!string.IsNullOrEmpty(value)) headers[name] = value;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var size = 0;
        foreach (var (name, values) in request.Headers)
        {
            if (!name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase)) continue;
            var key = name[MetadataPrefix.Length..].ToLowerInvariant();
            var value = values.ToString();
            metadata[key] = value;
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }
        if (size > MaxMetadataBytes)
            throw new S3Exception(S3Errors.MetadataTooLarge);
        return (request.Header("Content-Type"), headers, metadata);
    }

    /// <summary>aws-chunked is transport framing, not the object's encoding.</summary>
    private static string? StripAwsChunked(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !part.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        return parts.Length == 0 ? null : string.Join(",", parts);
    }

    public static void WriteTo(HttpResponse response, ObjectRecord record, S3Request request)
    {
        var headers = response.Headers;
        headers.ETag = record.QuotedETag;
        headers.LastModified = S3Xml.FormatHttpDate(record.LastModified);
        headers.AcceptRanges = "bytes";
        response.ContentType = record.ContentType ?? DefaultContentType;
        foreach (var (name, value) in record.Headers)
            headers[name] = value;
        foreach (var (name, value) in record.Metadata)
            headers[MetadataPrefix + name] = value;
        if (record.Tags.Count > 0)
            headers["x-amz-tagging-count"] = record.Tags.Count.ToString();
        if (record.Segments.Count > 1)
            headers["x-amz-mp-parts-count"] = record.Segments.Count.ToString();

        ApplyOverride(request, response, "response-content-type", "Content-Type");
        ApplyOverride(request, response, "response-content-language", "Content-Language");
        ApplyOverride(request, response, "response-expires", "Expires");
        ApplyOverride(request, response, "response-cache-control", "Cache-Control");
        ApplyOverride(request, response, "response-content-disposition", "Content-Disposition");
        ApplyOverride(request, response, "response-content-encoding", "Content-Encoding");
    }

    private static void ApplyOverride(S3Request request, HttpResponse response, string parameter, string header)
    {
        if (request.QueryValue(parameter) is not { } value) return;
        // A header value cannot carry control characters; say so rather than fail the response.
        if (value.Any(char.IsControl))
            throw new S3Exception(S3Errors.InvalidArgument, $"{parameter} must not contain control characters.")
                .With("ArgumentName", parameter);
        response.Headers[header] = value;
    }
}
