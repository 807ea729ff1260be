using System.Net.Http.Headers;
using System.Security.Cryptography;
using Sluice.Auth;

namespace Sluice.Bench.Harness;

/// <summary>Requests signed as the SDKs sign them (SigV4, real payload hash), for benchmarks that use HttpClient.</summary>
public static class SignedHttp
{
    public static HttpRequestMessage Create(HttpMethod method, Uri baseAddress, string pathAndQuery, byte[] body, string service,
        string? contentType = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, new Uri(baseAddress, pathAndQuery)) { Content = new ByteArrayContent(body) };
        if (contentType is not null) request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        SigV4Signer.Sign(request, "test", "test", "us-east-1", service, Convert.ToHexStringLower(SHA256.HashData(body)), DateTimeOffset.UtcNow);
        return request;
    }

    public static async Task<string> SendAsync(HttpClient http, HttpMethod method, string pathAndQuery, byte[] body, string service,
        string? contentType = null, params (string Name, string Value)[] headers)
    {
        using var request = Create(method, http.BaseAddress!, pathAndQuery, body, service, contentType, headers);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new BenchmarkException($"{method} {pathAndQuery}: {(int)response.StatusCode} {text}");
        return text;
    }
}
