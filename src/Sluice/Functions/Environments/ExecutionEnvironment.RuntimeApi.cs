using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.Functions.Api;
using Sluice.Functions.Scheduling;

namespace Sluice.Functions.Environments;

// The Runtime API endpoints, served to this environment's process only.
public sealed partial class ExecutionEnvironment
{
    private static readonly byte[] StatusOk = """{"status":"OK"}"""u8.ToArray();

    internal async Task HandleRuntimeApiAsync(HttpContext http)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "";
        if (!path.StartsWith(RuntimeApi.Prefix, StringComparison.Ordinal))
        {
            await WriteRuntimeErrorAsync(http, 404, "NotFound", "Unknown Runtime API path.");
            return;
        }
        var route = path.AsSpan(RuntimeApi.Prefix.Length);
        if (HttpMethods.IsGet(request.Method) && route.SequenceEqual("invocation/next"))
            await NextAsync(http);
        else if (HttpMethods.IsPost(request.Method) && route.SequenceEqual("init/error"))
            await InitErrorAsync(http);
        else if (HttpMethods.IsPost(request.Method) && route.StartsWith("invocation/") && route.EndsWith("/response"))
            await ResponseAsync(http, Uri.UnescapeDataString(route["invocation/".Length..^"/response".Length].ToString()));
        else if (HttpMethods.IsPost(request.Method) && route.StartsWith("invocation/") && route.EndsWith("/error"))
            await ErrorAsync(http, Uri.UnescapeDataString(route["invocation/".Length..^"/error".Length].ToString()));
        else
            await WriteRuntimeErrorAsync(http, 404, "NotFound", "Unknown Runtime API path.");
    }

    // GET /runtime/invocation/next: a long poll that returns the next event.
    private async Task NextAsync(HttpContext http)
    {
        Invocation? abandoned;
        lock (_gate)
        {
            if (!_initReported && _initDurationMs is null)
                _initDurationMs = Stopwatch.GetElapsedTime(_processStarted).TotalMilliseconds;
            abandoned = _handedOffAt != 0 ? _assigned : null;
        }
        // Outside the lock: completing an invocation runs its caller's continuation on this thread.
        abandoned?.TryComplete(InvocationResult.PlatformError("Runtime.InvalidResponse",
            $"RequestId: {abandoned.RequestId} Error: the runtime asked for the next event without answering this one"));

        Invocation invocation;
        try
        {
            invocation = await _inbox.Reader.ReadAsync(http.RequestAborted);
        }
        catch (Exception error) when (error is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            if (!http.RequestAborted.IsCancellationRequested)
                await WriteRuntimeErrorAsync(http, 500, "Runtime.Stopping", "The environment is shutting down.");
            return;
        }

        var deadline = _factory.Time.GetUtcNow().ToUnixTimeMilliseconds() + Function.Timeout * 1000L;
        invocation.DeadlineMs = deadline;
        invocation.Log.Started = _factory.Time.GetUtcNow();
        lock (_gate)
        {
            _handedOffAt = Stopwatch.GetTimestamp();
            // The function's timeout counts from here, the moment the runtime has the event, as its deadline header says.
            if (_assigned == invocation)
                _deadline?.CancelAfter(FunctionTimeout);
            if (!_initReported)
            {
                _initReported = true;
                invocation.Log.InitDurationMs = _initDurationMs;
            }
        }

        var response = http.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var headers = response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.FunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = TraceId();
        if (invocation.ClientContext is { } clientContext)
            headers["Lambda-Runtime-Client-Context"] = clientContext;
        response.ContentLength = invocation.Payload.Length;
        await response.Body.WriteAsync(invocation.Payload);
    }

    // POST /runtime/invocation/{id}/response
    private async Task ResponseAsync(HttpContext http, string requestId)
    {
        if (TakeHandedOff(requestId) is not { } invocation)
        {
            await WriteRuntimeErrorAsync(http, 400, "InvalidRequestID", "Invalid request ID");
            return;
        }
        var body = await BoundedBody.ReadAsync(http.Request, RuntimeApi.MaxResponseBytes);
        if (body is null)
        {
            invocation.TryComplete(InvocationResult.PlatformError("Function.ResponseSizeTooLarge",
                $"Response payload size exceeded maximum allowed payload size ({RuntimeApi.MaxResponseBytes} bytes)."));
            await WriteRuntimeErrorAsync(http, 413, "RequestEntityTooLarge", "Response payload too large.");
            return;
        }
        invocation.TryComplete(InvocationResult.Success(body));
        await WriteAcceptedAsync(http);
    }

    // POST /runtime/invocation/{id}/error
    private async Task ErrorAsync(HttpContext http, string requestId)
    {
        if (TakeHandedOff(requestId) is not { } invocation)
        {
            await WriteRuntimeErrorAsync(http, 400, "InvalidRequestID", "Invalid request ID");
            return;
        }
        invocation.TryComplete(await ReadFunctionErrorAsync(http));
        await WriteAcceptedAsync(http);
    }

    // POST /runtime/init/error: the runtime could not load the handler; it will exit.
    private async Task InitErrorAsync(HttpContext http)
    {
        var error = await ReadFunctionErrorAsync(http);
        Invocation? waiting;
        lock (_gate)
        {
            _initError = error;
            waiting = _assigned;
        }
        var stopping = MarkStopping();
        waiting?.TryComplete(error);
        await WriteAcceptedAsync(http);
        if (stopping)
            Kill("init error");
    }

    private Invocation? TakeHandedOff(string requestId)
    {
        lock (_gate)
            return _assigned is { } invocation && _handedOffAt != 0 && invocation.RequestId == requestId ? invocation : null;
    }

    private static async Task<InvocationResult> ReadFunctionErrorAsync(HttpContext http)
    {
        var errorType = http.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        var body = await BoundedBody.ReadAsync(http.Request, RuntimeApi.MaxResponseBytes) ?? [];
        if (!IsJsonObject(body))
            return InvocationResult.PlatformError(errorType.Length > 0 ? errorType : "Runtime.Unknown",
                body.Length > 0 ? Encoding.UTF8.GetString(body) : "Unknown application error occurred");
        return InvocationResult.Unhandled(body, errorType.Length > 0 ? errorType : null);
    }

    private static bool IsJsonObject(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && reader.TrySkip();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Task WriteAcceptedAsync(HttpContext http)
    {
        http.Response.StatusCode = 202;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = StatusOk.Length;
        return http.Response.Body.WriteAsync(StatusOk).AsTask();
    }

    private static Task WriteRuntimeErrorAsync(HttpContext http, int status, string errorType, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new RuntimeErrorBody { ErrorMessage = message, ErrorType = errorType },
            LambdaJsonContext.Default.RuntimeErrorBody);
        // Every Runtime API answer is framed by Content-Length, which Sluice's lean runtime clients rely on.
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body).AsTask();
    }

    private string TraceId()
    {
        Span<byte> random = stackalloc byte[20];
        System.Security.Cryptography.RandomNumberGenerator.Fill(random);
        var epoch = _factory.Time.GetUtcNow().ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        return $"Root=1-{epoch}-{Convert.ToHexStringLower(random[..12])};Parent={Convert.ToHexStringLower(random[12..])};Sampled=0";
    }
}
