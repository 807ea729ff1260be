namespace Sluice.Functions.Runtime;

/// <summary>What a handler learns about the invocation it serves; the members of Lambda's own <c>ILambdaContext</c>.</summary>
public interface ILambdaContext
{
    /// <summary>The request id of this invocation (a UUID).</summary>
    string AwsRequestId { get; }

    /// <summary>The function's name.</summary>
    string FunctionName { get; }

    /// <summary>The version that runs: <c>$LATEST</c>.</summary>
    string FunctionVersion { get; }

    /// <summary>The ARN the caller invoked.</summary>
    string InvokedFunctionArn { get; }

    /// <summary>The function's memory setting in MB.</summary>
    int MemoryLimitInMB { get; }

    /// <summary>The log group the invocation's output belongs to (<c>/aws/lambda/&lt;name&gt;</c>).</summary>
    string LogGroupName { get; }

    /// <summary>The log stream of this execution environment.</summary>
    string LogStreamName { get; }

    /// <summary>Time left before the platform stops the invocation.</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>The caller's client context as JSON (Invoke's <c>X-Amz-Client-Context</c>, decoded), if any.</summary>
    string? ClientContext { get; }

    /// <summary>Writes lines to the invocation's log.</summary>
    ILambdaLogger Logger { get; }
}
