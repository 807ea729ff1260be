using System.Buffers;
using System.Text;

namespace Sluice.Events;

/// <summary>
/// Keys in S3 event records are form-encoded as Java's URLEncoder does (space → '+', '+' → %2B, only
/// A-Z a-z 0-9 - _ . * literal), except that '/' is left as is.
/// </summary>
public static class EventKeyEncoding
{
    private static readonly SearchValues<char> Literal =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.*/");

    private const string HexDigits = "0123456789ABCDEF";

    public static string Encode(string key)
    {
        // Most keys need no escaping; they are returned as they are, without a copy.
        if (!key.AsSpan().ContainsAnyExcept(Literal)) return key;
        var bytes = Encoding.UTF8.GetBytes(key);
        var encoded = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b < 0x80 && Literal.Contains((char)b)) encoded.Append((char)b);
            else if (b == (byte)' ') encoded.Append('+');
            else encoded.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
        }
        return encoded.ToString();
    }
}
