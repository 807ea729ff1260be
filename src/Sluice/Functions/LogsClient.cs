using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Functions;

/// <summary>Reads a function's invocation logs from a running server (`sluice logs`), signing like any AWS client.</summary>
public sealed class LogsClient(string endpoint, string region, string accessKey, string secretKey)
{
    private static readonly string EmptyHash = Convert.ToHexStringLower(SHA256.HashData([]));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Logs after <paramref name="after"/>; with <paramref name="wait"/>, long-polls until one arrives.</summary>
    public async Task<(string Text, long Sequence)> FetchAsync(string functionName, long after, bool wait, CancellationToken cancellationToken)
    {
        var path = $"/2015-03-31/functions/{Uri.EscapeDataString(functionName)}/sluice-logs";
        var query = $"after={after.ToString(CultureInfo.InvariantCulture)}&wait={(wait ? "true" : "false")}";
        var uri = new Uri($"{endpoint.TrimEnd('/')}{path}?{query}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        Sign(request, uri, path, query);
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{(int)response.StatusCode} {text}");
        var sequence = long.Parse(response.Headers.GetValues("X-Sluice-Log-Sequence").First(), CultureInfo.InvariantCulture);
        return (text, sequence);
    }

    private void Sign(HttpRequestMessage request, Uri uri, string path, string query)
    {
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var canonicalPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        var canonical = $"GET\n{canonicalPath}\n{query}\nhost:{host}\nx-amz-content-sha256:{EmptyHash}\nx-amz-date:{amzDate}\n\nhost;x-amz-content-sha256;x-amz-date\n{EmptyHash}";
        var scope = $"{day}/{region}/lambda/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { day, region, "lambda", "aws4_request" })
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", EmptyHash);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature}");
    }
}
