using System.Net;
using System.Text;

namespace Sluice.Events;

/// <summary>
/// Keys in S3 event records are form-encoded as Java's URLEncoder does (space → '+', '+' → %2B, only
/// A-Z a-z 0-9 - _ . * literal), except that '/' is left as is.
/// </summary>
public static class EventKeyEncoding
{
    public static string Encode(string key)
    {
        // WebUtility.UrlEncode also leaves '!', '(' and ')' literal; S3 escapes them.
        var encoded = new StringBuilder(WebUtility.UrlEncode(key))
            .Replace("%2F", "/").Replace("!", "%21").Replace("(", "%28").Replace(")", "%29");
        return encoded.ToString();
    }
}
