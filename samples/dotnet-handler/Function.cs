using Sluice.Functions.Runtime;

namespace DotnetHandler;

public sealed record GreetRequest(string Name);

public sealed record Greeting(string Message, string RequestId, string FunctionName, bool HasTimeLeft);

public sealed record AddRequest(int A, int B);

/// <summary>Handlers of each shape the runtime accepts: instance and static, with and without the context, sync and async.</summary>
public sealed class Function
{
    // Read once per execution environment, like any init work; the text comes with the code, so a code update changes it.
    private readonly string _salutation = File.ReadAllText(Path.Combine(
        Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT") ?? AppContext.BaseDirectory, "salutation.txt")).Trim();

    public async Task<Greeting> GreetAsync(GreetRequest request, ILambdaContext context)
    {
        context.Logger.LogLine($"greeting {request.Name}");
        await Task.Yield();
        return new Greeting($"{_salutation}, {request.Name}", context.AwsRequestId, context.FunctionName, context.RemainingTime > TimeSpan.Zero);
    }

    public static int Add(AddRequest request) => request.A + request.B;

    public void Fail(GreetRequest request) => throw new InvalidOperationException($"cannot greet {request.Name}");
}
