using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>
/// A small SigV4 (header) signer for the requests that tests send by hand, so they keep working once
/// the server checks signatures. It signs host, x-amz-* and content-md5: what botocore signs too. It signs for S3
/// unless told another service (sqs for the JSON-protocol requests of the SQS tests).
/// </summary>
public static class SigV4
{
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    private const string Region = "us-east-1";

    /// <summary>Hex SHA-256 of a body, the x-amz-content-sha256 value for a signed payload.</summary>
    public static string PayloadHash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>
    /// Adds x-amz-date, x-amz-content-sha256 and Authorization to <paramref name="headers"/> (name → value).
    /// <paramref name="rawPath"/> is the path as it goes on the wire; S3 signs it decoded and encoded once more, so
    /// "%2E%2E" and ".." sign alike. <paramref name="rawQuery"/> without '?'.
    /// </summary>
    public static void Sign(string method, string host, string rawPath, string rawQuery, IDictionary<string, string> headers, string payloadHash,
        string service = "s3")
    {
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        headers["x-amz-date"] = amzDate;
        headers["x-amz-content-sha256"] = payloadHash;

        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = host };
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (lower.StartsWith("x-amz-", StringComparison.Ordinal) || lower == "content-md5")
                signed[lower] = string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        var signedHeaders = string.Join(';', signed.Keys);
        var canonicalRequest = string.Join('\n',
            method,
            rawPath.Length == 0 ? "/" : Encode(Uri.UnescapeDataString(rawPath), keepSlash: true),
            CanonicalQuery(rawQuery),
            string.Concat(signed.Select(pair => $"{pair.Key}:{pair.Value}\n")),
            signedHeaders,
            payloadHash);
        var scope = $"{date}/{Region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + SluiceProcess.SecretKey), date);
        key = Hmac(key, Region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, stringToSign));
        headers["Authorization"] =
            $"AWS4-HMAC-SHA256 Credential={SluiceProcess.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    /// <summary>RFC 3986 encoding of every byte except unreserved characters; '/' kept when <paramref name="keepSlash"/>.</summary>
    public static string Encode(string value, bool keepSlash = false)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    private static string CanonicalQuery(string rawQuery)
    {
        if (rawQuery.Length == 0) return "";
        var pairs = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            return (Name: Encode(name), Value: Encode(value));
        });
        return string.Join('&', pairs.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
