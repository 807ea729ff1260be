using System.Net;

namespace Sluice.Events;

/// <summary>Keys in S3 event records are form-encoded (space → '+', '+' → %2B) with '/' left as is.</summary>
public static class EventKeyEncoding
{
    public static string Encode(string key) =>
        WebUtility.UrlEncode(key).Replace("%2F", "/", StringComparison.Ordinal);
}
