using System.Text;
using Sluice.Gateway;

namespace Sluice.Storage.Buckets;

/// <summary>PutBucketCors, GetBucketCors, DeleteBucketCors, the OPTIONS preflight, and CORS headers on actual requests.</summary>
public sealed class CorsHandlers(ObjectStore store)
{
    // PutBucketCors
    public async Task PutBucketCorsAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        store.RequireBucket(bucket);
        var rules = CorsRules.Parse(await S3Xml.ReadAsync(request.Body, request.Aborted));
        await store.Catalog.WriteAsync(connection => BucketCatalog.SetCors(connection, bucket, CorsRules.ToXml(rules)));
        request.Response.StatusCode = 200;
    }

    // GetBucketCors
    public async Task GetBucketCorsAsync(S3Request request)
    {
        var bucket = store.RequireBucket(request.RequireBucket());
        if (bucket.CorsXml is null)
            throw new S3Exception(S3Errors.NoSuchCorsConfiguration).With("BucketName", bucket.Name);
        var body = Encoding.UTF8.GetBytes(bucket.CorsXml);
        request.Response.ContentType = "application/xml";
        request.Response.ContentLength = body.Length;
        await request.Response.Body.WriteAsync(body, request.Aborted);
    }

    // DeleteBucketCors
    public async Task DeleteBucketCorsAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        store.RequireBucket(bucket);
        await store.Catalog.WriteAsync(connection => BucketCatalog.SetCors(connection, bucket, null));
        request.Response.StatusCode = 204;
    }

    // Preflight (OPTIONS): answered from the bucket's rules, never authenticated.
    public Task PreflightAsync(S3Request request)
    {
        var origin = request.Header("Origin");
        var method = request.Header("Access-Control-Request-Method");
        if (request.Bucket is null || origin is null || method is null)
            throw new S3Exception(S3Errors.InvalidRequest, "Insufficient information. Origin request header needed.");
        var bucket = store.RequireBucket(request.Bucket);
        var requestedHeaders = (request.Header("Access-Control-Request-Headers") ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rule = bucket.CorsXml is null ? null : CorsRules.Match(CorsRules.FromStoredXml(bucket.CorsXml), origin, method, requestedHeaders);
        if (rule is null) throw new S3Exception(S3Errors.CorsForbidden);

        var headers = request.Response.Headers;
        headers.AccessControlAllowOrigin = rule.AllowedOrigins.Contains("*") ? "*" : origin;
        headers.AccessControlAllowMethods = string.Join(", ", rule.AllowedMethods);
        if (requestedHeaders.Length > 0) headers.AccessControlAllowHeaders = string.Join(", ", requestedHeaders);
        if (rule.ExposeHeaders.Count > 0) headers.AccessControlExposeHeaders = string.Join(", ", rule.ExposeHeaders);
        if (rule.MaxAgeSeconds is { } maxAge) headers.AccessControlMaxAge = maxAge.ToString();
        headers.Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
        request.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    /// <summary>Adds CORS response headers to an actual (non-preflight) request from a browser.</summary>
    public void ApplyToActualRequest(S3Request request)
    {
        if (request.Bucket is null || request.Header("Origin") is not { } origin) return;
        var bucket = store.Catalog.Read(connection => BucketCatalog.Find(connection, request.Bucket));
        if (bucket?.CorsXml is null) return;
        var rule = CorsRules.Match(CorsRules.FromStoredXml(bucket.CorsXml), origin, request.Http.Method, []);
        if (rule is null) return;
        var headers = request.Response.Headers;
        headers.AccessControlAllowOrigin = rule.AllowedOrigins.Contains("*") ? "*" : origin;
        headers.AccessControlAllowMethods = string.Join(", ", rule.AllowedMethods);
        if (rule.ExposeHeaders.Count > 0) headers.AccessControlExposeHeaders = string.Join(", ", rule.ExposeHeaders);
        headers.Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
    }
}
