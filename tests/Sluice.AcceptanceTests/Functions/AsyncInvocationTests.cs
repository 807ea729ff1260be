using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

[Collection(FunctionsCollection.Name)]
public sealed class AsyncInvocationTests(FunctionsServerFixture server)
{
    [Fact]
    public async Task AlwaysThrowingHandler_AsyncInvoke_RetriesTwiceThenSendsRecordToOnFailureFunction()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-dest-").FullName;
        var failing = FunctionsServerFixture.UniqueName("fails");
        var destination = FunctionsServerFixture.UniqueName("dest");
        await server.CreateFunctionAsync(failing, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = "const fs = require('fs');\nexports.handler = async (event) => { fs.appendFileSync(process.env.OUT + '/attempts', 'x\\n'); throw new Error('always ' + event.id); };",
        }, "--environment", $"Variables={{OUT={folder}}}");
        await server.CreateFunctionAsync(destination, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = "const fs = require('fs');\nexports.handler = async (event) => { fs.writeFileSync(process.env.OUT + '/record.json', JSON.stringify(event)); };",
        }, "--environment", $"Variables={{OUT={folder}}}");
        var destinationArn = $"arn:aws:lambda:us-east-1:000000000000:function:{destination}";
        var config = JsonDocument.Parse(await server.Cli.RunOkAsync("lambda", "put-function-event-invoke-config", "--function-name", failing,
            "--maximum-retry-attempts", "2", "--destination-config", $"OnFailure={{Destination={destinationArn}}}")).RootElement;
        Assert.Equal(destinationArn, config.GetProperty("DestinationConfig").GetProperty("OnFailure").GetProperty("Destination").GetString());

        var (output, _) = await server.InvokeAsync(failing, """{"id":"e1"}""", "--invocation-type", "Event");
        Assert.Equal(202, output.GetProperty("StatusCode").GetInt32());

        var recordPath = Path.Combine(folder, "record.json");
        await Poll.UntilAsync(() => File.Exists(recordPath) && new FileInfo(recordPath).Length > 0,
            TimeSpan.FromSeconds(60), "the on-failure destination to receive the record");
        Assert.Equal(3, File.ReadAllLines(Path.Combine(folder, "attempts")).Length);
        var record = JsonDocument.Parse(await File.ReadAllTextAsync(recordPath)).RootElement;
        Assert.Equal("1.0", record.GetProperty("version").GetString());
        var context = record.GetProperty("requestContext");
        Assert.Equal("RetriesExhausted", context.GetProperty("condition").GetString());
        Assert.Equal(3, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{failing}:$LATEST", context.GetProperty("functionArn").GetString());
        Assert.Equal("e1", record.GetProperty("requestPayload").GetProperty("id").GetString());
        Assert.Equal("Unhandled", record.GetProperty("responseContext").GetProperty("functionError").GetString());
        Assert.Equal("always e1", record.GetProperty("responsePayload").GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task QueuedAsyncInvocations_ServerKilledAndRestarted_CompleteAfterRestart()
    {
        FunctionsServerFixture.ShortenTimings();
        await using var process = new SluiceProcess();
        await process.StartAsync();
        var cli = new AwsCli(process.Endpoint);
        var folder = Directory.CreateTempSubdirectory("sluice-durable-").FullName;
        var release = Path.Combine(folder, "release");
        var name = FunctionsServerFixture.UniqueName("durable");
        // Each invocation waits for the release file, so with reserved concurrency 1 the first one runs and
        // the other four sit in the durable queue behind it when the server dies.
        await cli.RunOkAsync("lambda", "create-function", "--function-name", name, "--runtime", "nodejs20.x", "--handler", "index.handler",
            "--role", FunctionsServerFixture.Role, "--timeout", "300", "--environment", $"Variables={{OUT={folder}}}", "--zip-file", "fileb://" + FunctionsServerFixture.Zip(
                new Dictionary<string, string>
                {
                    ["index.js"] = """
                        const fs = require('fs');
                        exports.handler = async (event) => {
                          fs.writeFileSync(process.env.OUT + '/started-' + event.i, 'ok');
                          while (!fs.existsSync(process.env.OUT + '/release')) await new Promise((r) => setTimeout(r, 20));
                          fs.writeFileSync(process.env.OUT + '/done-' + event.i, 'ok');
                        };
                        """,
                }));
        await cli.RunOkAsync("lambda", "put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "1");
        var eventFile = Path.GetTempFileName();
        for (var i = 0; i < 5; i++)
        {
            await File.WriteAllTextAsync(eventFile, $$"""{"i":{{i}}}""");
            await cli.RunOkAsync("lambda", "invoke", "--function-name", name, "--invocation-type", "Event", "--payload", "fileb://" + eventFile, Path.GetTempFileName());
        }
        await Poll.UntilAsync(() => File.Exists(Path.Combine(folder, "started-0")), TimeSpan.FromSeconds(60),
            "the first invocation to start");
        Assert.Empty(Directory.GetFiles(folder, "done-*"));

        process.Kill();
        await File.WriteAllTextAsync(release, "go");
        await process.StartAsync();

        await Poll.UntilAsync(() => Directory.GetFiles(folder, "done-*").Length == 5, TimeSpan.FromSeconds(60),
            "the 5 queued invocations to run after the restart");
    }

    [Fact]
    public async Task ReservedConcurrencyZero_AsyncInvoke_GoesStraightToOnFailureDestination()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-zero-").FullName;
        var disabled = FunctionsServerFixture.UniqueName("disabled");
        var destination = FunctionsServerFixture.UniqueName("zerodest");
        await server.CreateFunctionAsync(disabled, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = "const fs = require('fs');\nexports.handler = async () => { fs.writeFileSync(process.env.OUT + '/ran', 'x'); };",
        }, "--environment", $"Variables={{OUT={folder}}}");
        await server.CreateFunctionAsync(destination, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = "const fs = require('fs');\nexports.handler = async (event) => { fs.writeFileSync(process.env.OUT + '/record.json', JSON.stringify(event)); };",
        }, "--environment", $"Variables={{OUT={folder}}}");
        await server.Cli.RunOkAsync("lambda", "put-function-event-invoke-config", "--function-name", disabled,
            "--destination-config", $"OnFailure={{Destination=arn:aws:lambda:us-east-1:000000000000:function:{destination}}}");
        await server.Cli.RunOkAsync("lambda", "put-function-concurrency", "--function-name", disabled, "--reserved-concurrent-executions", "0");

        var (output, _) = await server.InvokeAsync(disabled, """{"id":"z1"}""", "--invocation-type", "Event");
        Assert.Equal(202, output.GetProperty("StatusCode").GetInt32());

        var recordPath = Path.Combine(folder, "record.json");
        await Poll.UntilAsync(() => File.Exists(recordPath) && new FileInfo(recordPath).Length > 0,
            TimeSpan.FromSeconds(60), "the on-failure destination to receive the throttled event");
        var record = JsonDocument.Parse(await File.ReadAllTextAsync(recordPath)).RootElement;
        Assert.Equal("RetriesExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal("z1", record.GetProperty("requestPayload").GetProperty("id").GetString());
        Assert.False(File.Exists(Path.Combine(folder, "ran")));
    }
}
