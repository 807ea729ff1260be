using System.Buffers;
using System.Text;

namespace Sluice.Auth;

/// <summary>
/// SigV4 URI encoding: unreserved characters (A-Z a-z 0-9 - . _ ~) stay, every other byte of the UTF-8
/// form becomes %XX with upper-case hex.
/// </summary>
internal static class AwsUriEncoding
{
    private const string HexDigits = "0123456789ABCDEF";

    public static string Encode(ReadOnlySpan<char> value, bool keepSlash)
    {
        var sb = new StringBuilder(value.Length + 16);
        AppendEncoded(sb, value, keepSlash);
        return sb.ToString();
    }

    public static void AppendEncoded(StringBuilder sb, ReadOnlySpan<char> value, bool keepSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                AppendEncodedByte(sb, (byte)rune.Value, keepSlash);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
                AppendEncodedByte(sb, b, keepSlash);
        }
    }

    /// <summary>
    /// Re-encodes text that is already percent-encoded by decoding it to bytes first, so that
    /// <c>a%7eb</c>, <c>a~b</c> and <c>a%7Eb</c> all come out as <c>a~b</c> and <c>a b</c> as <c>a%20b</c>.
    /// </summary>
    public static void AppendNormalized(StringBuilder sb, ReadOnlySpan<char> encoded, bool keepSlash)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(encoded.Length));
        try
        {
            var length = Decode(encoded, rented);
            foreach (var b in rented.AsSpan(0, length))
                AppendEncodedByte(sb, b, keepSlash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static string Normalize(ReadOnlySpan<char> encoded, bool keepSlash)
    {
        var sb = new StringBuilder(encoded.Length + 16);
        AppendNormalized(sb, encoded, keepSlash);
        return sb.ToString();
    }

    /// <summary>Percent-decodes to text; '+' stays '+' (RFC 3986, not form encoding).</summary>
    public static string DecodeToString(ReadOnlySpan<char> encoded)
    {
        if (!encoded.Contains('%'))
            return encoded.ToString();
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(encoded.Length));
        try
        {
            return Encoding.UTF8.GetString(rented, 0, Decode(encoded, rented));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // A '%' not followed by two hex digits is taken literally, as lenient servers do.
    private static int Decode(ReadOnlySpan<char> encoded, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
            {
                destination[written++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                i += 2;
            }
            else if (c < 0x80)
            {
                destination[written++] = (byte)c;
            }
            else
            {
                var end = i + (char.IsHighSurrogate(c) && i + 1 < encoded.Length ? 2 : 1);
                written += Encoding.UTF8.GetBytes(encoded[i..end], destination[written..]);
                i = end - 1;
            }
        }
        return written;
    }

    private static void AppendEncodedByte(StringBuilder sb, byte b, bool keepSlash)
    {
        if (IsUnreserved(b) || (keepSlash && b == '/'))
        {
            sb.Append((char)b);
            return;
        }
        sb.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
    }

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
