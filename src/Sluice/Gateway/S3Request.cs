using Microsoft.AspNetCore.Http.Features;
using Sluice.Auth;
using Sluice.Events;

namespace Sluice.Gateway;

/// <summary>An S3 request after addressing: which bucket and key it names, path-style or virtual-host style.</summary>
public sealed class S3Request
{
    private S3Request(HttpContext context, string? bucket, string key)
    {
        Context = context;
        Bucket = bucket;
        Key = key;
    }

    public HttpContext Context { get; }
    public HttpRequest Http => Context.Request;
    public HttpResponse Response => Context.Response;
    public IQueryCollection Query => Context.Request.Query;
    public IHeaderDictionary Headers => Context.Request.Headers;
    public CancellationToken Aborted => Context.RequestAborted;
    public string RequestId => RequestIds.Of(Context);

    /// <summary>Null for service-level requests (ListBuckets).</summary>
    public string? Bucket { get; }

    /// <summary>Empty for bucket-level requests. Raw bytes of the key as sent, percent-decoded once.</summary>
    public string Key { get; }

    /// <summary>The payload as the client meant it (transport framing removed, signatures checked while read).</summary>
    public Stream Body { get; set; } = Stream.Null;

    /// <summary>aws-chunked trailers (e.g. x-amz-checksum-crc32), known once the body has been read.</summary>
    public IReadOnlyDictionary<string, string> Trailers => (Body as PayloadStream)?.Trailers ?? NoTrailers;

    private static readonly IReadOnlyDictionary<string, string> NoTrailers = new Dictionary<string, string>();

    /// <summary>The payload length the client declared, if it did.</summary>
    public long? DeclaredLength { get; set; }

    /// <summary>Who signed the request (the access key id), for event records.</summary>
    public string Principal { get; set; } = "anonymous";

    /// <summary>The request as an S3 event names it: ids matching the response headers, client address, principal.</summary>
    public RequestOrigin Origin => new(
        RequestId,
        Response.Headers["x-amz-id-2"].ToString(),
        Context.Connection.RemoteIpAddress?.ToString() ?? "",
        Principal);

    public bool HasQuery(string name) => Context.Request.Query.ContainsKey(name);

    public string? QueryValue(string name) =>
        Context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    public string? Header(string name) =>
        Context.Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    public string RequireBucket() => Bucket ?? throw new S3Exception(S3Errors.MethodNotAllowed);

    /// <summary>
    /// Reads bucket and key from the raw request target, so that an encoded key ("a%2Fb", "%2E%2E")
    /// is decoded exactly once; Kestrel's decoded Path would normalise some of it away.
    /// </summary>
    public static S3Request From(HttpContext context, string virtualHostSuffix)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart >= 0 ? rawTarget[..queryStart] : rawTarget;
        if (rawPath.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || rawPath.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            rawPath = new Uri(rawPath).AbsolutePath;
        var path = Uri.UnescapeDataString(rawPath.Length > 0 ? rawPath[1..] : "");

        var host = context.Request.Host.Host;
        if (host.EndsWith(virtualHostSuffix, StringComparison.OrdinalIgnoreCase) && host.Length > virtualHostSuffix.Length)
            return new S3Request(context, host[..^virtualHostSuffix.Length], path);

        var slash = path.IndexOf('/');
        if (path.Length == 0)
            return new S3Request(context, null, "");
        return slash < 0
            ? new S3Request(context, path, "")
            : new S3Request(context, path[..slash], path[(slash + 1)..]);
    }
}
