using System.Text;
using System.Text.Json;
using Sluice.Functions.Async;
using Sluice.Functions.Logs;
using Sluice.Functions.Scheduling;

namespace Sluice.Functions.Api;

// Invoke: RequestResponse, Event and DryRun.
public sealed partial class LambdaApi
{
    public const int MaxSyncPayloadBytes = 6 * 1024 * 1024;
    private static readonly byte[] EmptyEvent = "{}"u8.ToArray();

    private async Task InvokeAsync(HttpContext context, string functionName)
    {
        var request = context.Request;
        var state = Resolve(functionName, Qualifier(context));
        var name = state.Definition.Name;
        var invocationType = request.Headers["X-Amz-Invocation-Type"].ToString() is { Length: > 0 } type ? type : "RequestResponse";
        var limit = invocationType switch
        {
            "RequestResponse" or "DryRun" => MaxSyncPayloadBytes,
            "Event" => AsyncInvocationQueue.MaxPayloadBytes,
            _ => throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"),
        };
        var payload = await BoundedBody.ReadAsync(request, limit)
            ?? throw new LambdaException(LambdaErrors.RequestTooLarge,
                $"Request must be smaller than {limit} bytes for the InvokeFunction operation");
        if (payload.Length == 0)
            payload = EmptyEvent;
        else if (!IsJson(payload))
            throw new LambdaException(LambdaErrors.InvalidRequestContent, "Could not parse request body into json: Unexpected character");

        var response = context.Response;
        switch (invocationType)
        {
            case "DryRun":
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case "Event":
                var queuedId = await queue.EnqueueAsync(name, payload);
                response.Headers["x-amzn-RequestId"] = queuedId;
                response.StatusCode = StatusCodes.Status202Accepted;
                return;
        }

        var slot = scheduler.TryReserve(state, out var throttleReason) ?? throw LambdaErrors.Throttled(throttleReason);
        var invocation = new Invocation(Guid.NewGuid().ToString())
        {
            Payload = payload,
            FunctionArn = environments.FunctionArn(name),
            ClientContext = DecodeClientContext(request.Headers["X-Amz-Client-Context"].ToString()),
        };
        var result = await scheduler.RunAsync(slot, invocation);

        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = invocation.RequestId;
        response.Headers["X-Amz-Executed-Version"] = "$LATEST";
        if (result.FunctionError is { } functionError)
            response.Headers["X-Amz-Function-Error"] = functionError;
        if (request.Headers["X-Amz-Log-Type"] == "Tail" && invocation.LogCapture is { } capture)
            response.Headers["X-Amz-Log-Result"] = TailOf(await capture);
        response.ContentLength = result.Payload.Length;
        await response.Body.WriteAsync(result.Payload);
    }

    private static string TailOf(InvocationLogEntry entry)
    {
        var bytes = Encoding.UTF8.GetBytes(entry.Text);
        return Convert.ToBase64String(bytes.Length <= 4096 ? bytes : bytes.AsSpan(bytes.Length - 4096));
    }

    private static string? DecodeClientContext(string header)
    {
        if (header.Length == 0) return null;
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(header)); }
        catch (FormatException) { throw LambdaErrors.InvalidParameter("Client context must be a valid Base64-encoded JSON object."); }
    }

    private static bool IsJson(byte[] payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            while (reader.Read()) { }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
