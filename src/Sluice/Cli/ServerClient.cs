using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Sluice.Auth;

namespace Sluice.Cli;

/// <summary>Signed requests from the CLI to a running server's own APIs, with the user's AWS credentials.</summary>
public sealed class ServerClient(string endpoint, string region)
{
    private static readonly string EmptyHash = Convert.ToHexStringLower(SHA256.HashData([]));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(10) };

    public static Option<string> EndpointOption() => new Option<string>("--endpoint-url")
    {
        Description = "The Sluice server (default: AWS_ENDPOINT_URL, else http://127.0.0.1:4566).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") ?? "http://127.0.0.1:4566",
    }.HttpUrl();

    public static Option<string> RegionOption() => new("--region")
    {
        Description = "Region for signing (default: AWS_REGION, else us-east-1).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1",
    };

    /// <summary>
    /// Sends a request without a body and returns the response text; a server that cannot be reached or answers
    /// with an error is a <see cref="CliException"/> naming the endpoint.
    /// </summary>
    public async Task<string> SendAsync(HttpMethod method, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(endpoint.TrimEnd('/') + pathAndQuery));
        SigV4Signer.Sign(request,
            Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "test",
            Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "test",
            region, "s3", EmptyHash, DateTimeOffset.UtcNow);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (Exception error) when (Unreachable(endpoint, error, cancellationToken) is { } failure)
        {
            throw failure;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw CliException.Failed($"{endpoint} answered {Answer((int)response.StatusCode, body)}");
            return body;
        }
    }

    /// <summary>The one-line failure for a request that got no answer, or null for an exception that means something else.</summary>
    public static CliException? Unreachable(string endpoint, Exception error, CancellationToken cancellationToken) => error switch
    {
        HttpRequestException => CliException.Failed($"cannot reach {endpoint}: {error.Message}", error),
        TaskCanceledException when !cancellationToken.IsCancellationRequested => CliException.Failed($"{endpoint} did not answer in time", error),
        _ => null,
    };

    /// <summary>"409 DeliveryPending: Event 3 is …" from a JSON error body (the events API's or Lambda's), else the body as it is.</summary>
    public static string Answer(int status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            string? Text(params string[] names) => names.Select(n => root.TryGetProperty(n, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() : null).FirstOrDefault(v => v is not null);
            if (root.ValueKind == JsonValueKind.Object && Text("message", "Message") is { } message)
                return Text("code", "Code", "__type") is { } code ? $"{status} {code}: {message}" : $"{status}: {message}";
        }
        catch (JsonException)
        {
        }
        return body.Length == 0 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status}: {body}";
    }
}
