using System.Security.Cryptography;
using Sluice.Auth;

namespace Sluice.Bench.Harness;

/// <summary>
/// Signs S3 requests with Sluice's own SigV4 signer and hands back the headers it added, for a client
/// that writes requests by hand. The payload hash is given per request (the benchmark precomputes it per body).
/// </summary>
public sealed class S3RequestSigner(Uri endpoint, string accessKey, string secretKey, string region)
{
    public const string Service = "s3";

    /// <summary>The payload hash of a request without a body.</summary>
    public static readonly string EmptyPayloadHash = Convert.ToHexStringLower(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    public KeyValuePair<string, string>[] Sign(HttpMethod method, string target, string payloadHashHex)
    {
        using var request = new HttpRequestMessage(method, new Uri(endpoint, target));
        SigV4Signer.Sign(request, accessKey, secretKey, region, Service, payloadHashHex, DateTimeOffset.UtcNow);
        return
        [
            new("x-amz-date", request.Headers.NonValidated["x-amz-date"].ToString()),
            new("x-amz-content-sha256", payloadHashHex),
            new("Authorization", request.Headers.NonValidated["Authorization"].ToString()),
        ];
    }
}
