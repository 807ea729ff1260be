using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

/// <summary>
/// The function's timeout bounds every invocation, cold or warm, sync or async, server or `sluice invoke`;
/// init has a bound of its own. The handlers sleep 10 s with a 1 or 2 s timeout: an answer within 8 s (a loaded machine starts node slowly) is the timeout.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed partial class TimeoutTests(FunctionsServerFixture server)
{
    private static readonly TimeSpan WellBeforeTheSleepEnds = TimeSpan.FromSeconds(8);

    // Each process records its pid when it starts, so the test can see that a timed-out environment is gone.
    private static string SleepingHandler(string folder) => $$"""
        const fs = require('fs');
        fs.appendFileSync('{{folder}}/pids', process.pid + '\n');
        exports.handler = async (event) => {
          if (event.sleep) await new Promise((resolve) => setTimeout(resolve, 10000));
          fs.writeFileSync('{{folder}}/late', 'the handler ran past its timeout');
          return 'late';
        };
        """;

    private static void AssertTimedOut(string payload, string seconds)
    {
        var error = JsonDocument.Parse(payload).RootElement;
        Assert.Equal("Sandbox.Timedout", error.GetProperty("errorType").GetString());
        Assert.Matches(TimedOutMessage(), error.GetProperty("errorMessage").GetString());
        Assert.EndsWith($"Task timed out after {seconds} seconds", error.GetProperty("errorMessage").GetString());
    }

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}");

    private static int[] Pids(string folder) =>
        File.Exists(Path.Combine(folder, "pids")) ? [.. File.ReadAllLines(Path.Combine(folder, "pids")).Select(int.Parse)] : [];

    [Fact]
    public async Task ColdInvoke_HandlerSleepsPastTimeout_TimesOutEveryTimeAndKillsTheEnvironment()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-timeout-").FullName;
        var name = FunctionsServerFixture.UniqueName("coldtimeout");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler",
            new Dictionary<string, string> { ["index.js"] = SleepingHandler(folder) }, "--timeout", "1");

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var clock = Stopwatch.StartNew();
            var (output, payload) = await server.InvokeAsync(name, """{"sleep":true}""");
            Assert.True(clock.Elapsed < WellBeforeTheSleepEnds, $"cold invoke {attempt} answered after {clock.Elapsed}: {payload}");
            Assert.Equal("Unhandled", output.GetProperty("FunctionError").GetString());
            AssertTimedOut(payload, "1.00");
            Assert.Equal(attempt, Pids(folder).Length);
            var pid = Pids(folder)[^1];
            await Poll.UntilAsync(() => !IsRunning(pid), TimeSpan.FromSeconds(10), $"timed-out environment {pid} to be killed");
        }
        Assert.False(File.Exists(Path.Combine(folder, "late")));

        var (_, quick) = await server.InvokeAsync(name, "{}");
        Assert.Equal("\"late\"", quick);
    }

    [Fact]
    public async Task AsyncInvoke_HandlerSleepsPastTimeout_RecordsTimeoutAtOnFailureDestination()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-timeout-async-").FullName;
        var slow = FunctionsServerFixture.UniqueName("asynctimeout");
        var destination = FunctionsServerFixture.UniqueName("timeoutdest");
        await server.CreateFunctionAsync(slow, "nodejs20.x", "index.handler",
            new Dictionary<string, string> { ["index.js"] = SleepingHandler(folder) }, "--timeout", "1");
        await server.CreateFunctionAsync(destination, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = "const fs = require('fs');\nexports.handler = async (event) => { fs.writeFileSync(process.env.OUT + '/record.json', JSON.stringify(event)); };",
        }, "--environment", $"Variables={{OUT={folder}}}");
        await server.Cli.RunOkAsync("lambda", "put-function-event-invoke-config", "--function-name", slow, "--maximum-retry-attempts", "0",
            "--destination-config", $"OnFailure={{Destination=arn:aws:lambda:us-east-1:000000000000:function:{destination}}}");

        var (output, _) = await server.InvokeAsync(slow, """{"sleep":true}""", "--invocation-type", "Event");
        Assert.Equal(202, output.GetProperty("StatusCode").GetInt32());

        var recordPath = Path.Combine(folder, "record.json");
        await Poll.UntilAsync(() => File.Exists(recordPath) && new FileInfo(recordPath).Length > 0,
            TimeSpan.FromSeconds(60), "the on-failure destination to receive the timed-out event");
        var record = JsonDocument.Parse(await File.ReadAllTextAsync(recordPath)).RootElement;
        Assert.Equal("RetriesExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(1, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("Unhandled", record.GetProperty("responseContext").GetProperty("functionError").GetString());
        AssertTimedOut(record.GetProperty("responsePayload").GetRawText(), "1.00");
        var pid = Assert.Single(Pids(folder));
        await Poll.UntilAsync(() => !IsRunning(pid), TimeSpan.FromSeconds(10), $"timed-out environment {pid} to be killed");
        Assert.False(File.Exists(Path.Combine(folder, "late")));
    }

    [Fact]
    public async Task LocalInvoke_HandlerSleepsPastTimeout_PrintsTimeoutAndExitsNonZero()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-timeout-local-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "index.js"), SleepingHandler(folder));
        var eventFile = Path.Combine(folder, "event.json");
        await File.WriteAllTextAsync(eventFile, """{"sleep":true}""");

        var clock = Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync("dotnet",
            [SluiceProcess.SluiceDll, "invoke", folder, "--handler", "index.handler", "--runtime", "nodejs20.x", "--event", eventFile, "--timeout", "2"]);

        Assert.True(clock.Elapsed < WellBeforeTheSleepEnds, $"sluice invoke finished after {clock.Elapsed}");
        Assert.Equal(1, result.ExitCode);
        AssertTimedOut(result.Stdout, "2.00");
        Assert.Contains("Task timed out after 2.00 seconds", result.Stderr);
        Assert.False(IsRunning(Assert.Single(Pids(folder))));
    }

    [Fact]
    public async Task ColdInvoke_InitExceedsInitAndFunctionTimeout_FailsThatInvocationAsInitTimeout()
    {
        await using var shortInit = new SluiceProcess { Environment = new Dictionary<string, string?> { ["SLUICE_FUNCTIONS_INIT_TIMEOUT_MS"] = "1000" } };
        await shortInit.StartAsync();
        var cli = new AwsCli(shortInit.Endpoint);
        var name = FunctionsServerFixture.UniqueName("inittimeout");
        await cli.RunOkAsync("lambda", "create-function", "--function-name", name, "--runtime", "nodejs20.x", "--handler", "index.handler",
            "--role", FunctionsServerFixture.Role, "--timeout", "1", "--zip-file", "fileb://" + FunctionsServerFixture.Zip(new Dictionary<string, string>
            {
                ["index.js"] = "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10000);\nexports.handler = async () => 'never';",
            }));
        var outFile = Path.GetTempFileName();

        var clock = Stopwatch.StartNew();
        var output = JsonDocument.Parse(await cli.RunOkAsync("lambda", "invoke", "--function-name", name, outFile)).RootElement;

        Assert.True(clock.Elapsed < WellBeforeTheSleepEnds, $"the invoke answered after {clock.Elapsed}");
        Assert.Equal("Unhandled", output.GetProperty("FunctionError").GetString());
        var error = JsonDocument.Parse(await File.ReadAllTextAsync(outFile)).RootElement;
        Assert.Equal("Sandbox.Timedout", error.GetProperty("errorType").GetString());
        Assert.EndsWith("Error: Init timed out after 2.00 seconds", error.GetProperty("errorMessage").GetString());
    }

    [GeneratedRegex(@"^RequestId: [0-9a-f-]{36} Error: ")]
    private static partial Regex TimedOutMessage();
}
