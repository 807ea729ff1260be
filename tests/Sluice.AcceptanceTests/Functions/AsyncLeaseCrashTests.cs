using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

/// <summary>
/// SIGKILL while async invocations are leased: some running, the rest leased or waiting. The leases are in the catalog,
/// so after the restart every one of them is handed out again once its lease has expired, and none is lost.
/// </summary>
public sealed class AsyncLeaseCrashTests
{
    private const int Invocations = 20;
    private const int Concurrency = 4;

    [Fact]
    public async Task LeasedAsyncInvocations_ServerKilledWhileTheyRun_AllRunAfterTheRestart()
    {
        FunctionsServerFixture.ShortenTimings();
        await using var server = new SluiceProcess();
        await server.StartAsync();
        var cli = new AwsCli(server.Endpoint);
        var folder = Directory.CreateTempSubdirectory("sluice-leases-").FullName;
        var name = FunctionsServerFixture.UniqueName("leased");
        // An invocation cannot finish before the release file exists, so those started before the kill are in flight at it.
        await cli.RunOkAsync("lambda", "create-function", "--function-name", name, "--runtime", "nodejs20.x", "--handler", "index.handler",
            "--role", FunctionsServerFixture.Role, "--timeout", "300", "--environment", $"Variables={{OUT={folder}}}", "--zip-file", "fileb://" + FunctionsServerFixture.Zip(
                new Dictionary<string, string>
                {
                    ["index.js"] = """
                        const fs = require('fs');
                        exports.handler = async (event) => {
                          fs.appendFileSync(process.env.OUT + '/started', JSON.stringify({ i: event.i, at: Date.now() }) + '\n');
                          while (!fs.existsSync(process.env.OUT + '/release')) await new Promise((r) => setTimeout(r, 20));
                          fs.writeFileSync(process.env.OUT + '/done-' + event.i, 'ok');
                        };
                        """,
                }));
        await cli.RunOkAsync("lambda", "put-function-concurrency", "--function-name", name,
            "--reserved-concurrent-executions", Concurrency.ToString());
        var eventFile = Path.GetTempFileName();
        for (var i = 0; i < Invocations; i++)
        {
            await File.WriteAllTextAsync(eventFile, $$"""{"i":{{i}}}""");
            await cli.RunOkAsync("lambda", "invoke", "--function-name", name, "--invocation-type", "Event", "--payload", "fileb://" + eventFile, Path.GetTempFileName());
        }
        await Poll.UntilAsync(() => Started(folder).Count == Concurrency, TimeSpan.FromSeconds(60),
            $"{Concurrency} invocations to start");

        server.Kill();
        var killedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var inFlight = Started(folder).Select(start => start.I).ToHashSet();
        await File.WriteAllTextAsync(Path.Combine(folder, "release"), "go");
        await server.StartAsync();

        string Missing() => string.Join(", ", Enumerable.Range(0, Invocations).Where(i => !File.Exists(Path.Combine(folder, $"done-{i}"))));
        await Poll.UntilAsync(() => Missing().Length == 0, TimeSpan.FromSeconds(60),
            "every invocation to finish after the restart");
        var runsAfterRestart = Started(folder).Where(start => start.At > killedAtMs).Select(start => start.I).ToList();
        Assert.Equal(Concurrency, inFlight.Count);
        Assert.All(inFlight, i => Assert.Contains(i, runsAfterRestart));
        Assert.Equal(Enumerable.Range(0, Invocations), runsAfterRestart.Distinct().Order());
    }

    private static List<(int I, long At)> Started(string folder)
    {
        var path = Path.Combine(folder, "started");
        if (!File.Exists(path)) return [];
        var text = File.ReadAllText(path);
        return [.. text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var root = JsonDocument.Parse(line).RootElement;
            return (root.GetProperty("i").GetInt32(), root.GetProperty("at").GetInt64());
        })];
    }
}
