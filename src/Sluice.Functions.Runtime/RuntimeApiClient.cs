using System.Globalization;
using System.Net.Http.Headers;

namespace Sluice.Functions.Runtime;

/// <summary>One event handed over by <c>GET /runtime/invocation/next</c>.</summary>
internal sealed record NextInvocation(string RequestId, long DeadlineMs, string FunctionArn, string? TraceId, string? ClientContext, byte[] Payload);

/// <summary>The Lambda Runtime API at <c>AWS_LAMBDA_RUNTIME_API</c>, over one kept-alive loopback connection.</summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue ErrorJson = new("application/vnd.aws.lambda.error+json");

    private readonly HttpClient _http;

    public RuntimeApiClient(string hostAndPort)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = 1,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        // GET next blocks until there is an event, however long that takes.
        _http = new HttpClient(handler) { BaseAddress = new Uri($"http://{hostAndPort}/2018-06-01/runtime/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The next event, or null when the platform answers anything but 200 (it is stopping this environment).</summary>
    public async Task<NextInvocation?> NextAsync()
    {
        using var response = await _http.GetAsync("invocation/next", HttpCompletionOption.ResponseContentRead);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
            return null;
        var headers = response.Headers;
        var payload = await response.Content.ReadAsByteArrayAsync();
        return new NextInvocation(
            Header(headers, "Lambda-Runtime-Aws-Request-Id") ?? throw new InvalidOperationException("GET next: no Lambda-Runtime-Aws-Request-Id"),
            long.TryParse(Header(headers, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var deadline) ? deadline : 0,
            Header(headers, "Lambda-Runtime-Invoked-Function-Arn") ?? "",
            Header(headers, "Lambda-Runtime-Trace-Id"),
            Header(headers, "Lambda-Runtime-Client-Context"),
            payload);
    }

    public Task PostResponseAsync(string requestId, ReadOnlyMemory<byte> body) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", body, Json, errorType: null);

    public Task PostErrorAsync(string requestId, ReadOnlyMemory<byte> body, string errorType) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", body, ErrorJson, errorType);

    public Task PostInitErrorAsync(ReadOnlyMemory<byte> body, string errorType) =>
        PostAsync("init/error", body, ErrorJson, errorType);

    public void Dispose() => _http.Dispose();

    private async Task PostAsync(string path, ReadOnlyMemory<byte> body, MediaTypeHeaderValue contentType, string? errorType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = contentType;
        if (errorType is not null)
            request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        // The platform's answer (202, or 413 for an oversized response) needs no action here: it has already recorded the outcome.
        using var response = await _http.SendAsync(request);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
