using System.Globalization;

namespace Sluice.Functions.Runtime;

/// <summary>The context of one invocation, from the Runtime API's headers and the environment Sluice set.</summary>
internal sealed class LambdaContext(NextInvocation invocation, FunctionSettings settings) : ILambdaContext
{
    public string AwsRequestId => invocation.RequestId;
    public string FunctionName => settings.FunctionName;
    public string FunctionVersion => settings.FunctionVersion;
    public string InvokedFunctionArn => invocation.FunctionArn;
    public int MemoryLimitInMB => settings.MemoryLimitInMB;
    public string LogGroupName => settings.LogGroupName;
    public string LogStreamName => settings.LogStreamName;
    public TimeSpan RemainingTime => DateTimeOffset.FromUnixTimeMilliseconds(invocation.DeadlineMs) - DateTimeOffset.UtcNow;
    public string? ClientContext => invocation.ClientContext;
    public ILambdaLogger Logger { get; } = new LambdaLogger(invocation.RequestId);
}

/// <summary>The function's settings, read once from the variables Lambda defines.</summary>
internal sealed record FunctionSettings(string FunctionName, string FunctionVersion, int MemoryLimitInMB, string LogGroupName, string LogStreamName)
{
    public static FunctionSettings FromEnvironment() => new(
        Variable("AWS_LAMBDA_FUNCTION_NAME"),
        Variable("AWS_LAMBDA_FUNCTION_VERSION"),
        int.TryParse(Variable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.None, CultureInfo.InvariantCulture, out var memory) ? memory : 128,
        Variable("AWS_LAMBDA_LOG_GROUP_NAME"),
        Variable("AWS_LAMBDA_LOG_STREAM_NAME"));

    private static string Variable(string name) => Environment.GetEnvironmentVariable(name) ?? "";
}

internal sealed class LambdaLogger(string requestId) : ILambdaLogger
{
    public void Log(string message) => Log("info", message);

    public void LogLine(string message) => Log("info", message);

    public void Log(string level, string message) => Write(requestId, level, message);

    /// <summary>One line per message: embedded newlines become carriage returns, as Lambda's runtimes keep an entry whole.</summary>
    public static void Write(string requestId, string level, string message) =>
        Console.Out.Write(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}\t{requestId}\t{level}\t{message.ReplaceLineEndings("\r")}\n"));
}
