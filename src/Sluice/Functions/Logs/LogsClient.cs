using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sluice.Auth;

namespace Sluice.Functions.Logs;

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
        Sign(request);
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{(int)response.StatusCode} {text}");
        var sequence = long.Parse(response.Headers.GetValues("X-Sluice-Log-Sequence").First(), CultureInfo.InvariantCulture);
        return (text, sequence);
    }

    private void Sign(HttpRequestMessage request) =>
        SigV4Signer.Sign(request, accessKey, secretKey, region, "lambda", EmptyHash, DateTimeOffset.UtcNow);
}
