using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Functions;
using Sluice.Functions.Definitions;
using Sluice.Functions.Environments;
using Sluice.Functions.Logs;
using Sluice.Functions.Scheduling;

namespace Sluice.Tests.Functions;

/// <summary>One real Node.js environment at a time: the init bound and the function's timeout, cold and warm.</summary>
public sealed class ExecutionEnvironmentTests : IDisposable
{
    // Blocks the runtime's thread, as a handler stuck in synchronous work or a long module load does.
    private const string BlockFor = "const block = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);\n";

    private readonly string _data = Directory.CreateTempSubdirectory("sluice-env-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { }
    }

    private EnvironmentFactory Factory(TimeSpan initTimeout) =>
        new(NullLoggerFactory.Instance, new FunctionsOptions { InitTimeout = initTimeout }, "us-east-1", "000000000000", "test", "test", _data, () => null);

    private FunctionDefinition NodeFunction(string code, int timeout)
    {
        var folder = Directory.CreateTempSubdirectory("sluice-env-code-").FullName;
        File.WriteAllText(Path.Combine(folder, "index.js"), code);
        return new FunctionDefinition
        {
            Name = "f",
            Runtime = "nodejs20.x",
            Role = "arn:aws:iam::000000000000:role/test",
            Handler = "index.handler",
            Timeout = timeout,
            CodeSha256 = "",
            CodePath = folder,
            IsLocalFolder = true,
            LastModified = DateTimeOffset.UtcNow,
            RevisionId = Guid.NewGuid().ToString(),
        };
    }

    private static Invocation Event(string json) => new(Guid.NewGuid().ToString())
    {
        Payload = System.Text.Encoding.UTF8.GetBytes(json),
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:f",
    };

    private static JsonElement Error(InvocationResult result) => JsonDocument.Parse(result.Payload).RootElement;

    private static async Task AssertExitedAsync(ExecutionEnvironment environment)
    {
        await environment.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(EnvironmentState.Stopped, environment.State);
    }

    [Fact]
    public async Task InvokeAsync_ColdHandlerRunsPastTimeout_TimesOutAtTheFunctionTimeoutAndStops()
    {
        var factory = Factory(TimeSpan.FromSeconds(10));
        var function = NodeFunction(BlockFor + "exports.handler = async () => { block(10000); return 'late'; };", timeout: 1);
        await using var environment = await factory.StartAsync(function, CancellationToken.None);
        var invocation = Event("{}");

        var clock = Stopwatch.StartNew();
        var result = await environment.InvokeAsync(invocation);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the cold invocation answered after {clock.Elapsed}, not at its 1 s timeout");
        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Equal("Sandbox.Timedout", Error(result).GetProperty("errorType").GetString());
        Assert.Equal($"RequestId: {invocation.RequestId} Error: Task timed out after 1.00 seconds", Error(result).GetProperty("errorMessage").GetString());
        await AssertExitedAsync(environment);
    }

    [Fact]
    public async Task InvokeAsync_InitLongerThanFunctionTimeout_DoesNotCountAgainstTheHandler()
    {
        var factory = Factory(TimeSpan.FromSeconds(10));
        var function = NodeFunction(BlockFor + "block(1500);\nexports.handler = async () => 'ready';", timeout: 1);
        await using var environment = await factory.StartAsync(function, CancellationToken.None);

        var result = await environment.InvokeAsync(Event("{}"));

        Assert.Null(result.FunctionError);
        Assert.Equal("\"ready\"", System.Text.Encoding.UTF8.GetString(result.Payload.Span));
        Assert.Equal(EnvironmentState.Idle, environment.State);
    }

    [Fact]
    public async Task InvokeAsync_InitExceedsInitAndFunctionTimeout_FailsTheInvocationAsInitTimeoutAndStops()
    {
        var factory = Factory(TimeSpan.FromSeconds(1));
        var function = NodeFunction(BlockFor + "block(10000);\nexports.handler = async () => 'never';", timeout: 1);
        await using var environment = await factory.StartAsync(function, CancellationToken.None);
        var invocation = Event("{}");

        var clock = Stopwatch.StartNew();
        var result = await environment.InvokeAsync(invocation);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the init timed out after {clock.Elapsed}, not at its 1 + 1 s bound");
        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Equal("Sandbox.Timedout", Error(result).GetProperty("errorType").GetString());
        Assert.Equal($"RequestId: {invocation.RequestId} Error: Init timed out after 2.00 seconds", Error(result).GetProperty("errorMessage").GetString());
        await AssertExitedAsync(environment);
        var log = await new InvocationLogStore().CaptureAsync("f", invocation, hasEndMarkers: true);
        Assert.Contains("Phase: init\tStatus: timeout", log.Text);
    }

    [Fact]
    public async Task InvokeAsync_WarmHandlerRunsPastTimeout_TimesOutAndStops()
    {
        var factory = Factory(TimeSpan.FromSeconds(10));
        var function = NodeFunction(BlockFor + "exports.handler = async (event) => { if (event.hang) block(10000); return 'quick'; };", timeout: 1);
        await using var environment = await factory.StartAsync(function, CancellationToken.None);
        Assert.Null((await environment.InvokeAsync(Event("{}"))).FunctionError);

        var clock = Stopwatch.StartNew();
        var result = await environment.InvokeAsync(Event("""{"hang":true}"""));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the warm invocation answered after {clock.Elapsed}");
        Assert.Equal("Sandbox.Timedout", Error(result).GetProperty("errorType").GetString());
        await AssertExitedAsync(environment);
    }
}
