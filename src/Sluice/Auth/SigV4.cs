using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Sluice.Auth;

/// <summary>The SigV4 computations shared by the verifier, the chunk decoder and the client-side signer.</summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string AsymmetricAlgorithm = "AWS4-ECDSA-P256-SHA256";
    public const string Terminator = "aws4_request";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string StreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public const string StreamingPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public const string StreamingUnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    public const string StreamingAsymmetricPrefix = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    public const string TimestampFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Services whose canonical URI is the path encoded once; every other service encodes it twice.</summary>
    public static bool UsesSingleEncodedPath(string service) => service == "s3";

    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static bool TryParseTimestamp(string? value, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(value, TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    public static string Scope(string date, string region, string service) => $"{date}/{region}/{service}/{Terminator}";

    public static string CanonicalUri(string rawPath, string service)
    {
        if (rawPath.Length == 0)
            return "/";
        // Other services sign the path as sent, encoded once more: "arn%3Aaws" is signed as "arn%253Aaws".
        return UsesSingleEncodedPath(service)
            ? AwsUriEncoding.Normalize(rawPath, keepSlash: true)
            : AwsUriEncoding.Encode(rawPath, keepSlash: true);
    }

    /// <param name="headerValues">All values received for a lower-case header name (none if absent).</param>
    public static string CanonicalRequest(
        string method, string canonicalUri, string canonicalQuery,
        IReadOnlyList<string> signedHeaders, Func<string, StringValues> headerValues, string payloadHash)
    {
        var sb = new StringBuilder(canonicalUri.Length + canonicalQuery.Length + 96 * signedHeaders.Count + 128);
        AppendCanonicalRequest(sb, method, canonicalUri, canonicalQuery, signedHeaders, headerValues, payloadHash);
        return sb.ToString();
    }

    /// <summary><see cref="CanonicalRequest"/>, written into <paramref name="sb"/>.</summary>
    public static void AppendCanonicalRequest(
        StringBuilder sb, string method, string canonicalUri, string canonicalQuery,
        IReadOnlyList<string> signedHeaders, Func<string, StringValues> headerValues, string payloadHash)
    {
        sb.Append(method).Append('\n').Append(canonicalUri).Append('\n').Append(canonicalQuery).Append('\n');
        foreach (var name in signedHeaders)
        {
            sb.Append(name).Append(':');
            var first = true;
            foreach (var value in headerValues(name))
            {
                if (!first)
                    sb.Append(',');
                AppendTrimmedCollapsed(sb, value ?? "");
                first = false;
            }
            sb.Append('\n');
        }
        sb.Append('\n').AppendJoin(';', signedHeaders).Append('\n').Append(payloadHash);
    }

    /// <summary>
    /// Whether <paramref name="providedSignature"/> signs the canonical request in <paramref name="canonicalRequest"/>.
    /// Works on pooled and stack buffers: the strings <see cref="StringToSign"/> and <see cref="Sign"/> make are needed only
    /// to explain a mismatch, and were a third of what every request allocated.
    /// </summary>
    public static bool SignatureMatches(StringBuilder canonicalRequest, string timestamp, string scope, byte[] signingKey, string providedSignature)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var chars = ArrayPool<char>.Shared.Rent(canonicalRequest.Length);
        try
        {
            canonicalRequest.CopyTo(0, chars, canonicalRequest.Length);
            Sha256(chars.AsSpan(0, canonicalRequest.Length), digest);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        var length = StringToSignLength(timestamp, scope);
        var stringToSign = length <= 512 ? stackalloc char[length] : new char[length];
        WriteStringToSign(stringToSign, timestamp, scope, digest);
        Span<char> signature = stackalloc char[2 * HMACSHA256.HashSizeInBytes];
        Sign(signingKey, stringToSign, signature);
        return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(signature), MemoryMarshal.AsBytes(providedSignature.AsSpan()));
    }

    public static string StringToSign(string timestamp, string scope, string canonicalRequest)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Sha256(canonicalRequest, digest);
        return string.Create(StringToSignLength(timestamp, scope), (timestamp, scope, Digest: digest.ToArray()),
            (destination, parts) => WriteStringToSign(destination, parts.timestamp, parts.scope, parts.Digest));
    }

    private static int StringToSignLength(string timestamp, string scope) =>
        Algorithm.Length + timestamp.Length + scope.Length + 2 * SHA256.HashSizeInBytes + 3;

    /// <summary>"AWS4-HMAC-SHA256\n{timestamp}\n{scope}\n{hex SHA-256 of the canonical request}".</summary>
    private static void WriteStringToSign(Span<char> destination, string timestamp, string scope, ReadOnlySpan<byte> canonicalRequestDigest)
    {
        var written = 0;
        foreach (var part in (ReadOnlySpan<string>)[Algorithm, "\n", timestamp, "\n", scope, "\n"])
        {
            part.CopyTo(destination[written..]);
            written += part.Length;
        }
        Convert.TryToHexStringLower(canonicalRequestDigest, destination[written..], out _);
    }

    public static string ChunkStringToSign(string timestamp, string scope, string previousSignature, string chunkSha256Hex) =>
        $"{Algorithm}-PAYLOAD\n{timestamp}\n{scope}\n{previousSignature}\n{EmptySha256}\n{chunkSha256Hex}";

    public static string TrailerStringToSign(string timestamp, string scope, string previousSignature, string trailerSha256Hex) =>
        $"{Algorithm}-TRAILER\n{timestamp}\n{scope}\n{previousSignature}\n{trailerSha256Hex}";

    public static byte[] SigningKey(string secretKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Terminator));
    }

    public static string Sign(byte[] signingKey, string stringToSign)
    {
        Span<char> signature = stackalloc char[2 * HMACSHA256.HashSizeInBytes];
        Sign(signingKey, stringToSign, signature);
        return new string(signature);
    }

    /// <summary>The lower-case hex HMAC-SHA256 of the text's UTF-8 bytes, written into <paramref name="signature"/> (64 chars).</summary>
    private static void Sign(byte[] signingKey, ReadOnlySpan<char> stringToSign, Span<char> signature)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        using (var utf8 = Utf8Text.From(stringToSign))
            HMACSHA256.HashData(signingKey, utf8.Bytes, mac);
        Convert.TryToHexStringLower(mac, signature, out _);
    }

    public static string Sha256Hex(string text)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Sha256(text, digest);
        return Convert.ToHexStringLower(digest);
    }

    private static void Sha256(ReadOnlySpan<char> text, Span<byte> digest)
    {
        using var utf8 = Utf8Text.From(text);
        SHA256.HashData(utf8.Bytes, digest);
    }

    /// <summary>Constant-time comparison, so a forger cannot learn a signature byte by byte from timing.</summary>
    public static bool SignaturesEqual(string expected, string? provided) =>
        provided is not null
        && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected.AsSpan()), MemoryMarshal.AsBytes(provided.AsSpan()));

    /// <summary>A string's UTF-8 bytes in a pooled buffer, for hashing without an array per call.</summary>
    private readonly ref struct Utf8Text
    {
        private readonly byte[] _buffer;

        private Utf8Text(byte[] buffer, int length)
        {
            _buffer = buffer;
            Bytes = buffer.AsSpan(0, length);
        }

        public ReadOnlySpan<byte> Bytes { get; }

        public static Utf8Text From(ReadOnlySpan<char> text)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
            return new Utf8Text(buffer, Encoding.UTF8.GetBytes(text, buffer));
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
    }

    public static bool IsSha256Hex(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    private static void AppendTrimmedCollapsed(StringBuilder sb, string value)
    {
        var span = value.AsSpan().Trim();
        var previousWasSpace = false;
        foreach (var c in span)
        {
            var isSpace = c is ' ' or '\t';
            if (isSpace && previousWasSpace)
                continue;
            sb.Append(isSpace ? ' ' : c);
            previousWasSpace = isSpace;
        }
    }
}
