using System.CommandLine;
using System.Security.Cryptography;
using Sluice.Auth;

namespace Sluice.Cli;

/// <summary>Signed requests from the CLI to a running server's own APIs, with the user's AWS credentials.</summary>
public sealed class ServerClient(string endpoint, string region)
{
    private static readonly string EmptyHash = Convert.ToHexStringLower(SHA256.HashData([]));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(10) };

    public static Option<string> EndpointOption() => new("--endpoint-url")
    {
        Description = "The Sluice server (default: AWS_ENDPOINT_URL, else http://127.0.0.1:4566).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") ?? "http://127.0.0.1:4566",
    };

    public static Option<string> RegionOption() => new("--region")
    {
        Description = "Region for signing (default: AWS_REGION, else us-east-1).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1",
    };

    /// <summary>Sends a request without a body; returns the status and the response text.</summary>
    public async Task<(int Status, string Body)> SendAsync(HttpMethod method, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(endpoint.TrimEnd('/') + pathAndQuery));
        SigV4Signer.Sign(request,
            Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "test",
            Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "test",
            region, "s3", EmptyHash, DateTimeOffset.UtcNow);
        using var response = await _http.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
