using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

[Collection(FunctionsCollection.Name)]
public sealed class LocalHarnessTests(FunctionsServerFixture server)
{
    private static Task<ProcessResult> Sluice(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [SluiceProcess.SluiceDll, .. arguments]);

    private static string Folder(IReadOnlyDictionary<string, string> files)
    {
        var folder = Directory.CreateTempSubdirectory("sluice-harness-").FullName;
        foreach (var (name, content) in files)
            File.WriteAllText(Path.Combine(folder, name), content);
        return folder;
    }

    [Fact]
    public async Task Invoke_NodeAndPythonHandlersWithGeneratedS3Event_PrintResultLogAndReport()
    {
        var generated = await Sluice("events", "generate", "s3-put", "--bucket", "photos", "--key", "in/red flower.jpg", "--size", "48213");
        var eventFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(eventFile, generated.EnsureSuccess("events generate").Stdout);
        var record = JsonDocument.Parse(generated.Stdout).RootElement.GetProperty("Records")[0];
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal("in/red+flower.jpg", record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString());

        var node = Folder(new Dictionary<string, string>
        {
            ["index.js"] = "exports.handler = async (event) => { const o = event.Records[0].s3; console.log('object', o.object.key); return { bucket: o.bucket.name, size: o.object.size, tag: process.env.TAG }; };",
        });
        var result = await Sluice("invoke", node, "--handler", "index.handler", "--runtime", "nodejs20.x", "--event", eventFile, "--env", "TAG=t1");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"bucket":"photos","size":48213,"tag":"t1"}""", result.Stdout.Trim());
        Assert.Contains("INFO\tobject in/red+flower.jpg", result.Stderr);
        Assert.Contains("REPORT RequestId:", result.Stderr);
        Assert.Contains("Init Duration:", result.Stderr);

        var python = Folder(new Dictionary<string, string>
        {
            ["app.py"] = "def handler(event, context):\n    return {'key': event['Records'][0]['s3']['object']['key']}\n",
        });
        result = await Sluice("invoke", python, "--handler", "app.handler", "--runtime", "python3.12", "--event", eventFile);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"key": "in/red+flower.jpg"}""", result.Stdout.Trim());
    }

    [Fact]
    public async Task Invoke_ThrowingHandlerFromZip_ExitsNonZeroWithErrorJson()
    {
        var zip = FunctionsServerFixture.Zip(new Dictionary<string, string>
        {
            ["index.js"] = "exports.handler = async () => { throw new RangeError('out of range'); };",
        });
        var result = await Sluice("invoke", zip, "--handler", "index.handler", "--runtime", "nodejs22.x");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("RangeError", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Logs_AfterInvocations_ShowsStartEndReportFromServer()
    {
        var name = FunctionsServerFixture.UniqueName("logs");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = "exports.handler = async (event) => { console.log('marker-' + event.n); return null; };",
        });
        await server.InvokeAsync(name, """{"n":1}""");
        await server.InvokeAsync(name, """{"n":2}""");
        string text = "";
        await Poll.UntilAsync(() =>
        {
            var result = Sluice("logs", name, "--endpoint-url", server.Endpoint).GetAwaiter().GetResult();
            text = result.Stdout;
            return text.Contains("marker-2");
        }, TimeSpan.FromSeconds(30), "both invocation logs");
        Assert.Contains("marker-1", text);
        Assert.Equal(2, text.Split('\n').Count(line => line.StartsWith("REPORT RequestId:")));
    }
}
