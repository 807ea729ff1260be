using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

public sealed class LogPersistenceTests
{
    [Fact]
    public async Task InvocationLogs_ServerKilledAndRestarted_SluiceLogsStillShowsThem()
    {
        await using var process = new SluiceProcess();
        await process.StartAsync();
        var cli = new AwsCli(process.Endpoint);
        var name = FunctionsServerFixture.UniqueName("keptlogs");
        await cli.RunOkAsync("lambda", "create-function", "--function-name", name, "--runtime", "nodejs20.x", "--handler", "index.handler",
            "--role", FunctionsServerFixture.Role, "--zip-file", "fileb://" + FunctionsServerFixture.Zip(new Dictionary<string, string>
            {
                ["index.js"] = "exports.handler = async (event) => { console.log('before-restart-' + event.n); return null; };",
            }));
        var eventFile = Path.GetTempFileName();
        for (var n = 1; n <= 2; n++)
        {
            await File.WriteAllTextAsync(eventFile, $$"""{"n":{{n}}}""");
            await cli.RunOkAsync("lambda", "invoke", "--function-name", name, "--payload", "fileb://" + eventFile, Path.GetTempFileName());
        }
        // Logs reach the catalog off the invoke path; SIGKILL only once both are on disk.
        await Poll.UntilAsync(() => PersistedLogCount(process.DataPath, name) == 2, TimeSpan.FromSeconds(30),
            "both invocation logs in the catalog");

        process.Kill();
        await process.StartAsync();

        var logs = await ProcessRunner.RunAsync("dotnet", [SluiceProcess.SluiceDll, "logs", name, "--endpoint-url", process.Endpoint]);
        Assert.Equal(0, logs.ExitCode);
        Assert.Contains("before-restart-1", logs.Stdout);
        Assert.Contains("before-restart-2", logs.Stdout);
        Assert.Equal(2, logs.Stdout.Split('\n').Count(line => line.StartsWith("REPORT RequestId:", StringComparison.Ordinal)));

        // New invocations after the restart follow the old ones.
        await File.WriteAllTextAsync(eventFile, """{"n":3}""");
        await cli.RunOkAsync("lambda", "invoke", "--function-name", name, "--payload", "fileb://" + eventFile, Path.GetTempFileName());
        await Poll.UntilAsync(() =>
        {
            var text = ProcessRunner.RunAsync("dotnet", [SluiceProcess.SluiceDll, "logs", name, "--endpoint-url", process.Endpoint])
                .GetAwaiter().GetResult().Stdout;
            return text.IndexOf("before-restart-2", StringComparison.Ordinal) is >= 0 and var second
                && text.IndexOf("before-restart-3", StringComparison.Ordinal) > second;
        }, TimeSpan.FromSeconds(30), "the new log after the old ones");
    }

    /// <summary>Reads the catalog the way any SQLite client can while the server runs (WAL), with Python's sqlite3.</summary>
    private static int PersistedLogCount(string dataPath, string function)
    {
        var result = ProcessRunner.RunAsync("python3", ["-c", """
            import sqlite3, sys
            db = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
            print(db.execute('SELECT COUNT(*) FROM function_logs WHERE function_name = ?', (sys.argv[2],)).fetchone()[0])
            """, Path.Combine(dataPath, "catalog.db"), function]).GetAwaiter().GetResult();
        return result.ExitCode == 0 && int.TryParse(result.Stdout.Trim(), out var count) ? count : -1;
    }
}
