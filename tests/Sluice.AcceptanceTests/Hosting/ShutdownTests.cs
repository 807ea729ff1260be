using System.Text.Json;
using Sluice.AcceptanceTests.Events;
using Sluice.AcceptanceTests.Functions;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Hosting;

/// <summary>SIGINT and SIGTERM stop the server: it says so, finishes what is in flight, and exits 0.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Server_Signal_SaysShuttingDownAndStoppedAndExitsZero(string signal)
    {
        await using var server = new SluiceProcess();
        await server.StartAsync();

        await server.SignalAsync(signal);

        Assert.Equal(0, await server.WaitForExitAsync(ExitDeadline));
        Assert.Contains($"sluice: shutting down (SIG{signal})…", server.Output);
        Assert.EndsWith("sluice: stopped", server.Output.TrimEnd());
    }

    [Fact]
    public async Task Server_SigtermDuringInvocation_AnswersItStopsTheEnvironmentAndExitsZero()
    {
        await using var server = new SluiceProcess();
        await server.StartAsync();
        var cli = new AwsCli(server.Endpoint);
        using var scratch = new TempFolder();
        var started = scratch["started"];
        var name = FunctionsServerFixture.UniqueName("shutdown");
        await cli.RunOkAsync("lambda", "create-function", "--function-name", name, "--runtime", "nodejs20.x", "--handler", "index.handler",
            "--role", FunctionsServerFixture.Role, "--timeout", "30", "--environment", $"Variables={{STARTED={started}}}",
            "--zip-file", "fileb://" + FunctionsServerFixture.Zip(new Dictionary<string, string>
            {
                ["index.js"] = """
                    const fs = require('fs');
                    exports.handler = async () => {
                      fs.writeFileSync(process.env.STARTED, String(process.pid));
                      await new Promise((resolve) => setTimeout(resolve, 1500));
                      return { finished: true };
                    };
                    """,
            }));

        var invoke = cli.RunAsync("lambda", "invoke", "--function-name", name, scratch["out.json"]);
        await Poll.UntilAsync(() => File.Exists(started) && File.ReadAllText(started).Length > 0, TimeSpan.FromSeconds(60),
            () => $"the handler to start:\n{server.Output}");
        var pid = int.Parse(File.ReadAllText(started));
        await server.SignalAsync("TERM");

        (await invoke).EnsureSuccess("the invocation in flight at SIGTERM");
        Assert.True(JsonDocument.Parse(File.ReadAllText(scratch["out.json"])).RootElement.GetProperty("finished").GetBoolean());
        Assert.Equal(0, await server.WaitForExitAsync(ExitDeadline));
        Assert.Contains("sluice: shutting down (SIGTERM)…", server.Output);
        await Poll.UntilAsync(() => !IsRunning(pid), TimeSpan.FromSeconds(10), () => $"the handler's process {pid} to be gone");
    }

    /// <summary>Alive and not a zombie (an orphan's exit status may wait for a reaper that never comes).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
