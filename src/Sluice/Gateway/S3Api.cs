using Sluice.Auth;
using Sluice.Catalog;
using Sluice.Storage.Buckets;

namespace Sluice.Gateway;

/// <summary>The S3 protocol: addressing → route → operation, with every failure rendered as an S3 error.</summary>
public sealed partial class S3Api(S3RouteTable routes, CorsHandlers cors, ILogger<S3Api> logger) : IEdgeProtocol
{
    public const string VirtualHostSuffix = ".localhost";
    private const int DiskFull = 28; // ENOSPC

    /// <summary>CORS preflights carry no credentials by design; everything else needs a signature (no bucket policies yet).</summary>
    public bool AllowsAnonymous(HttpRequest request) => HttpMethods.IsOptions(request.Method);

    public async Task HandleAsync(HttpContext context, AuthResult auth)
    {
        var request = S3Request.From(context, VirtualHostSuffix);
        try
        {
            var operation = routes.Resolve(request) ?? throw new S3Exception(S3Errors.MethodNotAllowed);
            // The edge opened the body as the client framed and signed it.
            var payload = (PayloadStream)context.Request.Body;
            request.Body = payload;
            request.DeclaredLength = payload.DeclaredLength;
            request.Principal = auth.AccessKeyId ?? "anonymous";
            if (!HttpMethods.IsOptions(context.Request.Method)) cors.ApplyToActualRequest(request);
            await operation(request);
        }
        catch (S3Exception failure)
        {
            await S3ErrorWriter.WriteAsync(context, failure);
        }
        catch (Exception failure) when (IsDiskFull(failure))
        {
            LogDiskFull(logger, request.Bucket, failure.Message);
            await S3ErrorWriter.WriteAsync(context, S3Errors.StorageFull, S3Errors.StorageFull.Message);
        }
        catch (BadHttpRequestException)
        {
            // The client sent less than it declared or went away mid-body; nothing was stored.
            await S3ErrorWriter.WriteAsync(context, S3Errors.IncompleteBody, S3Errors.IncompleteBody.Message);
        }
    }

    public Task WriteAuthFailureAsync(HttpContext context, AuthFailure failure)
    {
        var details = new List<KeyValuePair<string, string>>();
        if (failure.StringToSign is { } stringToSign) details.Add(new("StringToSign", stringToSign));
        if (failure.CanonicalRequest is { } canonicalRequest) details.Add(new("CanonicalRequest", canonicalRequest));
        return S3ErrorWriter.WriteAsync(context, new S3Error(failure.Code, failure.StatusCode, failure.Message), failure.Message, details);
    }

    public Task WriteInternalErrorAsync(HttpContext context) =>
        S3ErrorWriter.WriteAsync(context, S3Errors.InternalError, S3Errors.InternalError.Message);

    private static bool IsDiskFull(Exception failure) => failure switch
    {
        IOException io => (io.HResult & 0xFFFF) == DiskFull || io.Message.Contains("No space left", StringComparison.Ordinal),
        CatalogException catalog => catalog.Failure == CatalogFailure.StorageFull,
        _ => failure.InnerException is { } inner && IsDiskFull(inner),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Disk full while writing to bucket {Bucket}: {Detail}")]
    private static partial void LogDiskFull(ILogger logger, string? bucket, string detail);
}
