using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Sluice.Auth;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Sqs;

/// <summary>
/// The lean SQS client both servers are driven by: AWS JSON 1.0 requests written by hand and signed as the SDKs sign
/// them, so that the figures are the servers' and not an SDK's.
/// </summary>
public sealed class SqsJsonClient(HttpClient http) : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/x-amz-json-1.0");

    public Uri Endpoint => http.BaseAddress!;

    public static SqsJsonClient For(Uri endpoint) =>
        new(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = endpoint });

    /// <summary>Calls the operation with an already serialized body; returns the response document.</summary>
    public async Task<JsonDocument> CallAsync(string operation, byte[] body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, http.BaseAddress) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS." + operation);
        SigV4Signer.Sign(request, "test", "test", "us-east-1", "sqs", Convert.ToHexStringLower(SHA256.HashData(body)), DateTimeOffset.UtcNow);
        using var response = await http.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new BenchmarkException($"SQS {operation} at {http.BaseAddress}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        return JsonDocument.Parse(bytes.Length == 0 ? "{}"u8.ToArray() : bytes);
    }

    public Task<JsonDocument> CallAsync(string operation, object request, CancellationToken cancellationToken = default) =>
        CallAsync(operation, JsonSerializer.SerializeToUtf8Bytes(request), cancellationToken);

    /// <summary>Creates the queue (or finds it) and returns its URL.</summary>
    public async Task<string> CreateQueueAsync(string name, Dictionary<string, string>? attributes = null)
    {
        using var answer = await CallAsync("CreateQueue", new Dictionary<string, object> { ["QueueName"] = name, ["Attributes"] = attributes ?? [] });
        return answer.RootElement.GetProperty("QueueUrl").GetString()!;
    }

    public void Dispose() => http.Dispose();
}
