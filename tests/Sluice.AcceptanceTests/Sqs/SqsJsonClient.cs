using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Sqs;

/// <summary>An SQS error answer: the operation, the HTTP status and the body.</summary>
public sealed class SqsCallException(string operation, int status, string body)
    : Exception($"{operation}: {status} {body}")
{
    public int Status { get; } = status;
}

/// <summary>
/// A lean SQS client: one HttpClient posting AWS JSON 1.0 requests signed with SigV4 for the sqs service, as current SDKs
/// send them, without an SDK's retries or its cost per call — for tests that send thousands of messages.
/// </summary>
public sealed class SqsJsonClient(string endpoint) : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/x-amz-json-1.0");

    private readonly HttpClient _http = new() { BaseAddress = new Uri(endpoint), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Runs one operation; the response document, or <see cref="SqsCallException"/> when SQS answers an error.</summary>
    public async Task<JsonElement> CallAsync(string operation, JsonObject request)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = JsonType;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Amz-Target"] = "AmazonSQS." + operation };
        SigV4.Sign("POST", _http.BaseAddress!.Authority, "/", "", headers, SigV4.PayloadHash(body), service: "sqs");
        foreach (var (name, value) in headers)
            message.Headers.TryAddWithoutValidation(name, value);
        using var response = await _http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new SqsCallException(operation, (int)response.StatusCode, text);
        return JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone();
    }

    /// <summary>CreateQueue with string attributes; returns the queue URL.</summary>
    public async Task<string> CreateQueueAsync(string name, IReadOnlyDictionary<string, string>? attributes = null)
    {
        var request = new JsonObject { ["QueueName"] = name };
        if (attributes is not null)
            request["Attributes"] = new JsonObject(attributes.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value)));
        return (await CallAsync("CreateQueue", request)).GetProperty("QueueUrl").GetString()!;
    }

    /// <summary>ApproximateNumberOfMessages plus ApproximateNumberOfMessagesNotVisible and Delayed: what the queue still holds.</summary>
    public async Task<long> HeldAsync(string queueUrl)
    {
        var attributes = (await CallAsync("GetQueueAttributes", new JsonObject
        {
            ["QueueUrl"] = queueUrl,
            ["AttributeNames"] = new JsonArray("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"),
        })).GetProperty("Attributes");
        return attributes.EnumerateObject().Sum(attribute => long.Parse(attribute.Value.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose() => _http.Dispose();
}
