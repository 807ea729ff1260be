namespace Sluice.Gateway;

/// <summary>Gives each request the id that AWS clients log and that events echo back.</summary>
public static class RequestIds
{
    private const string RequestIdHeader = "x-amz-request-id";

    // Ids need to be unique, not secret: Random.Shared avoids the cryptographic generator's per-call cost.
    public static string Assign(HttpContext context)
    {
        Span<byte> bytes = stackalloc byte[32];
        Random.Shared.NextBytes(bytes);
        var id = Convert.ToHexString(bytes[..8]);
        context.Response.Headers[RequestIdHeader] = id;
        context.Response.Headers["x-amz-id-2"] = Convert.ToBase64String(bytes[8..]);
        return id;
    }

    /// <summary>The id <see cref="Assign"/> gave; read back from the response header rather than kept in HttpContext.Items, which every request would then allocate.</summary>
    public static string Of(HttpContext context) => context.Response.Headers[RequestIdHeader].ToString();
}
