using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sluice.Auth;

/// <summary>
/// Verifies S3 Signature Version 2: <c>Authorization: AWS AKID:signature</c> and the presigned
/// <c>AWSAccessKeyId</c>/<c>Expires</c>/<c>Signature</c> query that boto3 and the AWS CLI still make by default.
/// </summary>
internal sealed class SigV2Verifier(CredentialStore credentials, TimeProvider time)
{
    public const string HeaderPrefix = "AWS ";

    // The query parameters that are part of the signed resource (botocore's list).
    private static readonly HashSet<string> SubResources = new(StringComparer.Ordinal)
    {
        "accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "inventory", "lifecycle", "location",
        "logging", "metrics", "notification", "object-lock", "partNumber", "policy", "replication", "requestPayment",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
        "response-content-type", "response-expires", "restore", "select", "select-type", "storageClass", "tagging",
        "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
    };

    public AuthResult VerifyHeader(HttpRequest request, string authorization)
    {
        var credential = authorization[HeaderPrefix.Length..].Trim();
        var colon = credential.LastIndexOf(':');
        if (colon <= 0 || colon == credential.Length - 1)
            return AuthResult.Fail(AuthErrors.InvalidArgument("AWS authorization header is invalid.  Expected AwsAccessKeyId:signature"));
        var accessKeyId = credential[..colon];
        var signature = credential[(colon + 1)..];
        if (!credentials.TryGetSecret(accessKeyId, out var secret))
            return AuthResult.Fail(AuthErrors.InvalidAccessKeyId());

        var amzDate = request.Headers["x-amz-date"].ToString();
        var date = request.Headers.Date.ToString();
        if (!TryParseHttpDate(amzDate.Length > 0 ? amzDate : date, out var signedAt))
            return AuthResult.Fail(AuthErrors.MissingDate());
        if ((time.GetUtcNow() - signedAt).Duration() > SigV4Verifier.AllowedSkew)
            return AuthResult.Fail(AuthErrors.RequestTimeTooSkewed());

        var amzHeaders = AmzHeaders(request, query: null);
        // With x-amz-date the Date line is meant to be empty, but clients that send both disagree on it.
        string[] dateLines = amzDate.Length > 0 && date.Length > 0 ? [date, ""] : [date];
        return Verify(request, RequestTarget.Query(request), accessKeyId, secret, signature,
            request.Headers["Content-MD5"].ToString(), request.Headers.ContentType.ToString(), dateLines, amzHeaders);
    }

    public AuthResult VerifyQuery(HttpRequest request, QueryParameters query)
    {
        var accessKeyId = query.Get("AWSAccessKeyId");
        var signature = query.Get("Signature");
        var expiresText = query.Get("Expires");
        if (accessKeyId is null || signature is null || expiresText is null)
            return AuthResult.Fail(AuthErrors.AccessDenied("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters"));
        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return AuthResult.Fail(AuthErrors.AccessDenied("Invalid date (should be seconds since epoch): " + expiresText));
        if (!credentials.TryGetSecret(accessKeyId, out var secret))
            return AuthResult.Fail(AuthErrors.InvalidAccessKeyId());
        if (time.GetUtcNow().ToUnixTimeSeconds() > expires)
            return AuthResult.Fail(AuthErrors.RequestExpired());

        // botocore moves Content-Type, Content-MD5 and x-amz-* headers into the query when presigning.
        return Verify(request, query, accessKeyId, secret, signature,
            query.Get("content-md5") ?? request.Headers["Content-MD5"].ToString(),
            query.Get("content-type") ?? request.Headers.ContentType.ToString(),
            [expiresText], AmzHeaders(request, query));
    }

    private AuthResult Verify(
        HttpRequest request, QueryParameters query, string accessKeyId, string secret, string signature,
        string contentMd5, string contentType, string[] dateLines, string amzHeaders)
    {
        // "?uploads=" is signed as "?uploads" by rclone and as sent by others, so an empty value is tried both ways.
        string[] subResourceForms = [SubResourceString(query, emptyWithEquals: false), SubResourceString(query, emptyWithEquals: true)];

        var key = Encoding.UTF8.GetBytes(secret);
        string? firstStringToSign = null;
        foreach (var subResources in subResourceForms.Distinct())
        {
            foreach (var path in ResourcePaths(request))
            {
                foreach (var dateLine in dateLines)
                {
                    var stringToSign = $"{request.Method}\n{contentMd5}\n{contentType}\n{dateLine}\n{amzHeaders}{path}{subResources}";
                    firstStringToSign ??= stringToSign;
                    var expected = Convert.ToBase64String(HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
                    if (SigV4.SignaturesEqual(expected, signature))
                        return AuthResult.Success(accessKeyId, "s3", credentials.Region, PayloadSigning.Unsigned);
                }
            }
        }
        return AuthResult.Fail(AuthErrors.SignatureDoesNotMatch(firstStringToSign));
    }

    private static string SubResourceString(QueryParameters query, bool emptyWithEquals)
    {
        var resource = new StringBuilder();
        foreach (var (name, value) in query.Decoded().Where(p => SubResources.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            resource.Append(resource.Length == 0 ? '?' : '&').Append(name);
            if (value is { Length: > 0 } || (value is not null && emptyWithEquals))
                resource.Append('=').Append(value);
        }
        return resource.ToString();
    }

    /// <summary>
    /// The signed resource always names the bucket. For a virtual-host request (bucket.s3.example.com/key)
    /// the bucket is in the Host, and which labels form it depends on the configured domain, so each
    /// leading run of labels is tried after the path-style form.
    /// </summary>
    private static IEnumerable<string> ResourcePaths(HttpRequest request)
    {
        var path = RequestTarget.RawPath(request);
        yield return path;
        // botocore (signature_version "s3") sends "/bucket?delete" but signs the bucket as "/bucket/".
        if (path.Length > 1 && path.IndexOf('/', 1) < 0)
            yield return path + "/";
        var host = request.Host.Host;
        if (string.IsNullOrEmpty(host) || IPAddress.TryParse(host, out _))
            yield break;
        var labels = host.Split('.');
        for (var count = 1; count < labels.Length; count++)
            yield return "/" + string.Join('.', labels, 0, count) + path;
    }

    private static string AmzHeaders(HttpRequest request, QueryParameters? query)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
                headers[name.ToLowerInvariant()] = string.Join(',', values.Select(v => v?.Trim()));
        }
        if (query is not null)
        {
            foreach (var (name, value) in query.Decoded())
            {
                if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
                    headers[name.ToLowerInvariant()] = (value ?? "").Trim();
            }
        }
        var sb = new StringBuilder();
        foreach (var (name, value) in headers)
            sb.Append(name).Append(':').Append(value).Append('\n');
        return sb.ToString();
    }

    // Go's time.RFC1123 layout (rclone's SigV2 signer) names the zone "UTC" where HTTP dates say "GMT".
    private static bool TryParseHttpDate(string value, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(value.EndsWith(" UTC", StringComparison.Ordinal) ? value[..^4] + " GMT" : value,
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);
}
