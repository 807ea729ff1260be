namespace Sluice.Gateway;

/// <summary>Gives each request the id that AWS clients log and that events echo back.</summary>
public static class RequestIds
{
    private const string ItemKey = "sluice.request-id";

    // Ids need to be unique, not secret: Random.Shared avoids the cryptographic generator's per-call cost.
    public static string Assign(HttpContext context)
    {
        Span<byte> bytes = stackalloc byte[32];
        Random.Shared.NextBytes(bytes);
        var id = Convert.ToHexString(bytes[..8]);
        context.Items[ItemKey] = id;
        context.Response.Headers["x-amz-request-id"] = id;
        context.Response.Headers["x-amz-id-2"] = Convert.ToBase64String(bytes[8..]);
        return id;
    }

    public static string Of(HttpContext context) => context.Items[ItemKey] as string ?? "";
}
