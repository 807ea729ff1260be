using Sluice.Functions.Api;
using Sluice.Functions.Logs;
namespace Sluice.Functions.Scheduling;

/// <summary>
/// One invocation on its way to an environment, with the task its caller awaits. Completing it runs the
/// caller's continuation on the completing thread (no thread-pool hop on the warm path), so whoever calls
/// <see cref="TryComplete"/> holds no lock and has put the environment in its final state first.
/// </summary>
public sealed class Invocation
{
    private readonly TaskCompletionSource<InvocationResult> _result = new();

    public string RequestId { get; }
    public required ReadOnlyMemory<byte> Payload { get; init; }
    public required string FunctionArn { get; init; }
    public string? ClientContext { get; init; }

    /// <summary>Set when the runtime receives the event: Unix ms at which the invocation times out.</summary>
    public long DeadlineMs { get; set; }

    public InvocationLog Log { get; }

    /// <summary>The log as kept once the runtime's streams pass the invocation (set when it ran).</summary>
    public Task<InvocationLogEntry>? LogCapture { get; internal set; }

    public Invocation(string requestId, int logCapacityBytes = InvocationLog.DefaultCapacity)
    {
        RequestId = requestId;
        Log = new InvocationLog(requestId, logCapacityBytes);
    }

    public Task<InvocationResult> Result => _result.Task;

    public bool TryComplete(InvocationResult result) => _result.TrySetResult(result);

    public bool IsCompleted => _result.Task.IsCompleted;
}

/// <summary>What an invocation produced: the response bytes, or a function error's JSON and type.</summary>
public sealed record InvocationResult(ReadOnlyMemory<byte> Payload, string? FunctionError, string? ErrorType)
{
    public bool IsError => FunctionError is not null;

    public static InvocationResult Success(ReadOnlyMemory<byte> payload) => new(payload, null, null);

    public static InvocationResult Unhandled(ReadOnlyMemory<byte> payload, string? errorType) => new(payload, "Unhandled", errorType);

    /// <summary>An error the platform raises itself (timeout, crash), in the runtime's error shape.</summary>
    public static InvocationResult PlatformError(string errorType, string message) =>
        Unhandled(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new RuntimeErrorBody { ErrorMessage = message, ErrorType = errorType },
            LambdaJsonContext.Default.RuntimeErrorBody), errorType);
}
