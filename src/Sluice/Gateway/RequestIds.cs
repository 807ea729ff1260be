using System.Security.Cryptography;

namespace Sluice.Gateway;

/// <summary>Gives each request the id that AWS clients log and that events echo back.</summary>
public static class RequestIds
{
    private const string ItemKey = "sluice.request-id";

    public static string Assign(HttpContext context)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        context.Items[ItemKey] = id;
        context.Response.Headers["x-amz-request-id"] = id;
        context.Response.Headers["x-amz-id-2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        return id;
    }

    public static string Of(HttpContext context) => context.Items[ItemKey] as string ?? "";
}
