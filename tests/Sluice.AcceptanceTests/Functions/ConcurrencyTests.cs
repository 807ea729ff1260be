using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

[Collection(FunctionsCollection.Name)]
public sealed class ConcurrencyTests(FunctionsServerFixture server)
{
    [Fact]
    public async Task ReservedConcurrencyZero_SyncInvoke_IsThrottled()
    {
        var name = FunctionsServerFixture.UniqueName("zero");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler",
            new Dictionary<string, string> { ["index.js"] = "exports.handler = async () => 'ran';" });
        await server.Cli.RunOkAsync("lambda", "put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "0");
        var concurrency = JsonDocument.Parse(await server.Cli.RunOkAsync("lambda", "get-function-concurrency", "--function-name", name)).RootElement;
        Assert.Equal(0, concurrency.GetProperty("ReservedConcurrentExecutions").GetInt32());

        var throttled = await server.Cli.RunAsync("lambda", "invoke", "--function-name", name, Path.GetTempFileName());
        Assert.NotEqual(0, throttled.ExitCode);
        Assert.Contains("TooManyRequestsException", throttled.Stderr);

        await server.Cli.RunOkAsync("lambda", "delete-function-concurrency", "--function-name", name);
        var (_, payload) = await server.InvokeAsync(name, "{}");
        Assert.Equal("\"ran\"", payload);
    }

    [Fact]
    public async Task ReservedConcurrencyOne_TwentyAsyncInvokes_RunStrictlyOneAtATime()
    {
        var name = FunctionsServerFixture.UniqueName("one");
        var journal = Path.Combine(Path.GetTempPath(), "sluice-journal-" + Guid.NewGuid().ToString("N"));
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = """
                const fs = require('fs');
                exports.handler = async (event) => {
                  fs.appendFileSync(process.env.JOURNAL, `start ${event.i}\n`);
                  await new Promise((resolve) => setTimeout(resolve, 25));
                  fs.appendFileSync(process.env.JOURNAL, `end ${event.i}\n`);
                };
                """,
        }, "--environment", $"Variables={{JOURNAL={journal}}}");
        await server.Cli.RunOkAsync("lambda", "put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "1");

        var invoked = await server.Boto3Async($$"""
            import boto3, json, os
            client = boto3.client('lambda', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
            for i in range(20):
                response = client.invoke(FunctionName='{{name}}', InvocationType='Event', Payload=json.dumps({'i': i}))
                assert response['StatusCode'] == 202, response
            print('queued')
            """);
        Assert.Contains("queued", invoked.EnsureSuccess("boto3 async invokes").Stdout);

        string[] Lines() => File.Exists(journal) ? File.ReadAllLines(journal) : [];
        await Poll.UntilAsync(() => Lines().Length >= 40, TimeSpan.FromSeconds(60), "20 async invocations to finish");
        var lines = Lines();
        Assert.Equal(40, lines.Length);
        for (var index = 0; index < lines.Length; index += 2)
        {
            // Strictly one at a time: every start is followed by its own end before the next start.
            Assert.StartsWith("start ", lines[index]);
            Assert.Equal("end " + lines[index]["start ".Length..], lines[index + 1]);
        }
        // Oldest first.
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"start {i}"), lines.Where(l => l.StartsWith("start")));
    }

    [Fact]
    public async Task FiftyConcurrentSyncInvokes_ScaleOutEnvironments()
    {
        var name = FunctionsServerFixture.UniqueName("fifty");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = "exports.handler = async () => { await new Promise((r) => setTimeout(r, 500)); return process.pid; };",
        }, "--timeout", "60");
        var result = await server.Boto3Async($$"""
            import boto3, os, json
            from concurrent.futures import ThreadPoolExecutor
            from botocore.config import Config
            client = boto3.client('lambda', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1',
                                  config=Config(max_pool_connections=50, read_timeout=120, retries={'max_attempts': 0}))
            def invoke(_):
                response = client.invoke(FunctionName='{{name}}', Payload=b'{}')
                assert response['StatusCode'] == 200 and 'FunctionError' not in response, response
                return json.loads(response['Payload'].read())
            with ThreadPoolExecutor(50) as pool:
                pids = list(pool.map(invoke, range(50)))
            print(json.dumps({'count': len(pids), 'distinct': len(set(pids))}))
            """, TimeSpan.FromMinutes(3));
        var summary = JsonDocument.Parse(result.EnsureSuccess("50 concurrent invokes").Stdout).RootElement;
        Assert.Equal(50, summary.GetProperty("count").GetInt32());
        // Each environment serves one invocation at a time, so overlapping 500 ms invocations need many environments.
        Assert.True(summary.GetProperty("distinct").GetInt32() >= 10, $"only {summary.GetProperty("distinct")} environments served 50 concurrent invokes");
    }
}
