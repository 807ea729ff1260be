using System.Text;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

[Collection(FunctionsCollection.Name)]
public sealed class LimitsTests(FunctionsServerFixture server)
{
    [Fact]
    public async Task HandlerWritingMegabytesOfLogs_Invoke_LogIsCappedTailStays4KbAndOtherFunctionsCarryOn()
    {
        var flood = FunctionsServerFixture.UniqueName("flood");
        await server.CreateFunctionAsync(flood, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            // ~6 MB of lines, then one 3 MB line without a break, then a last line.
            ["index.js"] = """
                exports.handler = async () => {
                  const line = 'x'.repeat(1000);
                  for (let i = 0; i < 6000; i++) console.log(i + ' ' + line);
                  process.stdout.write('y'.repeat(3000000) + '\n');
                  console.log('last line');
                  return 'flooded';
                };
                """,
        }, "--timeout", "60");
        var quiet = FunctionsServerFixture.UniqueName("quiet");
        await server.CreateFunctionAsync(quiet, "nodejs20.x", "index.handler",
            new Dictionary<string, string> { ["index.js"] = "exports.handler = async (event) => ({ n: event.n });" });
        await server.InvokeAsync(quiet, """{"n":0}""");

        var flooding = server.InvokeAsync(flood, "{}", "--log-type", "Tail");
        var quietInvokes = 0;
        while (!flooding.IsCompleted || quietInvokes == 0)
        {
            var (_, payload) = await server.InvokeAsync(quiet, $$"""{"n":{{++quietInvokes}}}""");
            Assert.Equal($$"""{"n":{{quietInvokes}}}""", payload);
        }
        var (output, result) = await flooding;
        Assert.Equal("\"flooded\"", result);
        var tail = Convert.FromBase64String(output.GetProperty("LogResult").GetString()!);
        Assert.InRange(tail.Length, 100, 4096);
        var tailText = Encoding.UTF8.GetString(tail);
        Assert.Contains("last line", tailText);
        Assert.Contains("REPORT RequestId:", tailText);

        var logs = await ProcessRunner.RunAsync("dotnet", [SluiceProcess.SluiceDll, "logs", flood, "--endpoint-url", server.Endpoint]);
        Assert.Equal(0, logs.ExitCode);
        Assert.Contains("earlier log lines dropped]", logs.Stdout);
        Assert.Contains("last line", logs.Stdout);
        Assert.DoesNotContain("\tINFO\t0 x", logs.Stdout);
        Assert.InRange(logs.Stdout.Length, 1000, 300_000);
    }

    [Fact]
    public async Task OversizedPayloads_Invoke_RequestTooLargeForSyncOver6MbAndAsyncOver1Mb()
    {
        var name = FunctionsServerFixture.UniqueName("sizes");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler",
            new Dictionary<string, string> { ["index.js"] = "exports.handler = async (event) => event.pad.length;" }, "--timeout", "30");
        static async Task<string> EventOfAsync(int bytes)
        {
            var path = Path.GetTempFileName();
            await File.WriteAllTextAsync(path, "{\"pad\":\"" + new string('p', bytes - 10) + "\"}");
            Assert.Equal(bytes, new FileInfo(path).Length);
            return path;
        }

        var justUnder = await EventOfAsync(6 * 1024 * 1024 - 100);
        var ok = await server.Cli.RunAsync("lambda", "invoke", "--function-name", name, "--payload", "fileb://" + justUnder, Path.GetTempFileName());
        Assert.Equal(0, ok.ExitCode);

        var tooBigSync = await server.Cli.RunAsync("lambda", "invoke", "--function-name", name,
            "--payload", "fileb://" + await EventOfAsync(6 * 1024 * 1024 + 100), Path.GetTempFileName());
        Assert.NotEqual(0, tooBigSync.ExitCode);
        Assert.Contains("RequestTooLargeException", tooBigSync.Stderr);

        var tooBigAsync = await server.Cli.RunAsync("lambda", "invoke", "--function-name", name, "--invocation-type", "Event",
            "--payload", "fileb://" + await EventOfAsync(1024 * 1024 + 100), Path.GetTempFileName());
        Assert.NotEqual(0, tooBigAsync.ExitCode);
        Assert.Contains("RequestTooLargeException", tooBigAsync.Stderr);

        // The server answered the refused requests without harm: the same connection pool still invokes.
        var (_, payload) = await server.InvokeAsync(name, """{"pad":"abc"}""");
        Assert.Equal("3", payload);
    }
}
