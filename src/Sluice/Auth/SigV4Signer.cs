using System.Text;

namespace Sluice.Auth;

/// <summary>Client-side SigV4 signing for our own benchmark client and tests, sharing the verifier's canonical forms.</summary>
public static class SigV4Signer
{
    /// <summary>
    /// Adds <c>x-amz-date</c>, <c>x-amz-content-sha256</c> and <c>Authorization</c>, signing host, every
    /// <c>x-amz-*</c> header and Content-Type/Content-MD5/Content-Encoding when present.
    /// </summary>
    /// <param name="payloadHashHex">Hex SHA-256 of the body, or UNSIGNED-PAYLOAD / a STREAMING-* value.</param>
    public static void Sign(
        HttpRequestMessage request, string accessKey, string secretKey, string region, string service, string payloadHashHex, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var timestamp = SigV4.FormatTimestamp(now);
        request.Headers.Remove("x-amz-date");
        request.Headers.Remove("x-amz-content-sha256");
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("x-amz-date", timestamp);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHashHex);

        var headers = new SortedDictionary<string, List<string>>(StringComparer.Ordinal)
        {
            ["host"] = [request.Headers.Host ?? uri.Authority],
        };
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            var lower = name.ToLowerInvariant();
            if (lower.StartsWith("x-amz-", StringComparison.Ordinal))
                headers[lower] = [.. values];
        }
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers.NonValidated)
            {
                var lower = name.ToLowerInvariant();
                if (lower is "content-type" or "content-md5" or "content-encoding" || lower.StartsWith("x-amz-", StringComparison.Ordinal))
                    headers[lower] = [.. values];
            }
        }

        var signedHeaders = headers.Keys.ToList();
        var credential = new SigV4Credential(accessKey, timestamp[..8], region, service);
        var canonicalRequest = SigV4.CanonicalRequest(
            request.Method.Method, SigV4.CanonicalUri(uri.AbsolutePath, service), new QueryParameters(uri.Query).ToCanonical(),
            signedHeaders, name => headers[name].ToArray(), payloadHashHex);
        var signature = SigV4.Sign(
            SigV4.SigningKey(secretKey, credential.Date, region, service),
            SigV4.StringToSign(timestamp, credential.Scope, canonicalRequest));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{SigV4.Algorithm} Credential={accessKey}/{credential.Scope}, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}");
    }

    /// <summary>
    /// A presigned URL signing only the host. S3 URLs leave the body unsigned; for other services the
    /// signature covers an empty body.
    /// </summary>
    public static string Presign(
        string method, Uri url, string accessKey, string secretKey, string region, string service, TimeSpan expires, DateTimeOffset now)
    {
        var seconds = (long)expires.TotalSeconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1, nameof(expires));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, SigV4Verifier.MaxPresignedExpirySeconds, nameof(expires));

        var timestamp = SigV4.FormatTimestamp(now);
        var credential = new SigV4Credential(accessKey, timestamp[..8], region, service);
        var query = new StringBuilder(url.Query.TrimStart('?'));
        void Add(string name, string value)
        {
            if (query.Length > 0)
                query.Append('&');
            query.Append(name).Append('=');
            AwsUriEncoding.AppendEncoded(query, value, keepSlash: false);
        }
        Add("X-Amz-Algorithm", SigV4.Algorithm);
        Add("X-Amz-Credential", $"{accessKey}/{credential.Scope}");
        Add("X-Amz-Date", timestamp);
        Add("X-Amz-Expires", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("X-Amz-SignedHeaders", "host");

        var canonicalRequest = SigV4.CanonicalRequest(
            method, SigV4.CanonicalUri(url.AbsolutePath, service), new QueryParameters(query.ToString()).ToCanonical(),
            ["host"], _ => url.Authority,
            SigV4.UsesSingleEncodedPath(service) ? SigV4.UnsignedPayload : SigV4.EmptySha256);
        var signature = SigV4.Sign(
            SigV4.SigningKey(secretKey, credential.Date, region, service),
            SigV4.StringToSign(timestamp, credential.Scope, canonicalRequest));
        Add("X-Amz-Signature", signature);
        return $"{url.GetLeftPart(UriPartial.Path)}?{query}";
    }
}
