namespace Sluice.Functions.Runtime;

/// <summary>
/// The host Sluice starts for the dotnet runtimes: loads the handler named by <c>_HANDLER</c> from
/// <c>LAMBDA_TASK_ROOT</c>, then serves invocations through the Runtime API at
/// <c>AWS_LAMBDA_RUNTIME_API</c> until the platform stops the process.
/// </summary>
internal static class Program
{
    /// <summary>Printed after each invocation's output, so Sluice knows where its log ends (stderr shares stdout's pipe).</summary>
    private const string EndMarker = "\u001eSLUICE-END ";

    private static async Task<int> Main()
    {
        var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrEmpty(runtimeApi))
        {
            await Console.Error.WriteLineAsync("sluice dotnet runtime: AWS_LAMBDA_RUNTIME_API is not set; this program is started by Sluice.");
            return 2;
        }
        using var api = new RuntimeApiClient(runtimeApi);

        LambdaHandler handler;
        try
        {
            handler = HandlerLoader.Load(
                Environment.GetEnvironmentVariable("_HANDLER") ?? "",
                Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT") ?? Environment.CurrentDirectory);
        }
        catch (Exception thrown)
        {
            var error = ErrorBody.Unwrap(thrown);
            await Console.Error.WriteLineAsync($"{ErrorBody.ErrorType(error)}: {error.Message}");
            await api.PostInitErrorAsync(ErrorBody.Create(error), ErrorBody.ErrorType(error));
            return 1;
        }

        var settings = FunctionSettings.FromEnvironment();
        while (await api.NextAsync() is { } invocation)
        {
            if (invocation.TraceId is not null)
                Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
            ReadOnlyMemory<byte> response;
            try
            {
                response = await handler.InvokeAsync(invocation.Payload, new LambdaContext(invocation, settings));
            }
            catch (Exception thrown)
            {
                var error = ErrorBody.Unwrap(thrown);
                LambdaLogger.Write(invocation.RequestId, "fail", ErrorBody.LogText(error));
                MarkEnd(invocation.RequestId);
                await api.PostErrorAsync(invocation.RequestId, ErrorBody.Create(error), ErrorBody.ErrorType(error));
                continue;
            }
            MarkEnd(invocation.RequestId);
            await api.PostResponseAsync(invocation.RequestId, response);
        }
        return 0;
    }

    private static void MarkEnd(string requestId)
    {
        Console.Error.Flush();
        Console.Out.Write(EndMarker + requestId + "\n");
    }
}
