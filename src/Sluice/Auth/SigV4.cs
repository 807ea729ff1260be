using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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
        IReadOnlyList<string> signedHeaders, Func<string, IEnumerable<string>> headerValues, string payloadHash)
    {
        var sb = new StringBuilder(256);
        sb.Append(method).Append('\n').Append(canonicalUri).Append('\n').Append(canonicalQuery).Append('\n');
        foreach (var name in signedHeaders)
        {
            sb.Append(name).Append(':');
            var first = true;
            foreach (var value in headerValues(name))
            {
                if (!first)
                    sb.Append(',');
                AppendTrimmedCollapsed(sb, value);
                first = false;
            }
            sb.Append('\n');
        }
        sb.Append('\n').AppendJoin(';', signedHeaders).Append('\n').Append(payloadHash);
        return sb.ToString();
    }

    public static string StringToSign(string timestamp, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{timestamp}\n{scope}\n{Sha256Hex(canonicalRequest)}";

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

    public static string Sign(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Constant-time comparison, so a forger cannot learn a signature byte by byte from timing.</summary>
    public static bool SignaturesEqual(string expected, string? provided)
    {
        if (provided is null)
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(provided));
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
