using System.Text;
using System.Text.Json;

namespace Sluice.AcceptanceTests.Functions;

[Collection(FunctionsCollection.Name)]
public sealed class NodeFunctionTests(FunctionsServerFixture server)
{
    private static readonly Dictionary<string, string> CommonJs = new()
    {
        ["index.js"] = """
            const lib = require('./lib');
            exports.handler = async (event, context) => {
              console.log('adding', event.a, event.b);
              return { sum: lib.add(event.a, event.b), version: lib.version, requestId: context.awsRequestId,
                       functionName: context.functionName, remaining: context.getRemainingTimeInMillis(),
                       region: process.env.AWS_REGION, endpoint: process.env.AWS_ENDPOINT_URL };
            };
            """,
        ["lib.js"] = "exports.add = (a, b) => a + b; exports.version = 1;",
    };

    [Fact]
    public async Task CommonJs_CreateInvokeUpdateDelete_RunsUnmodifiedHandlerThroughTheCli()
    {
        var name = FunctionsServerFixture.UniqueName("cjs");
        var created = JsonDocument.Parse(await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", CommonJs)).RootElement;
        Assert.Equal("Active", created.GetProperty("State").GetString());

        var (output, payload) = await server.InvokeAsync(name, """{"a":2,"b":3}""", "--log-type", "Tail");
        Assert.Equal(200, output.GetProperty("StatusCode").GetInt32());
        var result = JsonDocument.Parse(payload).RootElement;
        Assert.Equal(5, result.GetProperty("sum").GetInt32());
        Assert.Equal(name, result.GetProperty("functionName").GetString());
        Assert.InRange(result.GetProperty("remaining").GetInt32(), 1, created.GetProperty("Timeout").GetInt32() * 1000);
        Assert.Equal("us-east-1", result.GetProperty("region").GetString());
        Assert.Equal(server.Endpoint, result.GetProperty("endpoint").GetString());
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(output.GetProperty("LogResult").GetString()!));
        var requestId = result.GetProperty("requestId").GetString();
        Assert.Contains($"START RequestId: {requestId}", log);
        Assert.Contains("INFO\tadding 2 3", log);
        Assert.Contains($"END RequestId: {requestId}", log);
        Assert.Contains("Init Duration:", log);
        Assert.Contains("Max Memory Used:", log);

        var updated = new Dictionary<string, string>(CommonJs) { ["lib.js"] = "exports.add = (a, b) => a * b; exports.version = 2;" };
        await server.Cli.RunOkAsync("lambda", "update-function-code", "--function-name", name, "--zip-file", "fileb://" + FunctionsServerFixture.Zip(updated));
        (_, payload) = await server.InvokeAsync(name, """{"a":2,"b":3}""");
        Assert.Equal(6, JsonDocument.Parse(payload).RootElement.GetProperty("sum").GetInt32());

        await server.Cli.RunOkAsync("lambda", "update-function-configuration", "--function-name", name, "--timeout", "10",
            "--environment", "Variables={GREETING=hi}");
        var configuration = JsonDocument.Parse(await server.Cli.RunOkAsync("lambda", "get-function-configuration", "--function-name", name)).RootElement;
        Assert.Equal(10, configuration.GetProperty("Timeout").GetInt32());
        Assert.Equal("hi", configuration.GetProperty("Environment").GetProperty("Variables").GetProperty("GREETING").GetString());

        var listed = await server.Cli.RunOkAsync("lambda", "list-functions");
        Assert.Contains(name, listed);
        await server.Cli.RunOkAsync("lambda", "delete-function", "--function-name", name);
        var missing = await server.Cli.RunAsync("lambda", "get-function", "--function-name", name);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("ResourceNotFoundException", missing.Stderr);
    }

    [Fact]
    public async Task EsModule_Invoke_ReturnsHandlerResult()
    {
        var name = FunctionsServerFixture.UniqueName("esm");
        await server.CreateFunctionAsync(name, "nodejs22.x", "app.handler", new Dictionary<string, string>
        {
            ["app.mjs"] = "import { add } from './math.mjs';\nexport const handler = async (event) => ({ esm: true, sum: add(event.a, event.b) });",
            ["math.mjs"] = "export const add = (a, b) => a + b;",
        });
        var (_, payload) = await server.InvokeAsync(name, """{"a":20,"b":22}""");
        Assert.Equal("""{"esm":true,"sum":42}""", payload);
    }

    [Fact]
    public async Task CallbackHandler_Invoke_ReturnsCallbackValue()
    {
        var name = FunctionsServerFixture.UniqueName("callback");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = "exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { callback: event.x }), 5); };",
        });
        var (_, payload) = await server.InvokeAsync(name, """{"x":"yes"}""");
        Assert.Equal("""{"callback":"yes"}""", payload);
    }

    [Fact]
    public async Task ThrowingHandler_Invoke_ReturnsUnhandledFunctionErrorAndStaysWarm()
    {
        var name = FunctionsServerFixture.UniqueName("throws");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = "exports.handler = async (event) => { if (event.fail) throw new TypeError('boom ' + event.fail); return 'fine'; };",
        });
        var (output, payload) = await server.InvokeAsync(name, """{"fail":"now"}""");
        Assert.Equal("Unhandled", output.GetProperty("FunctionError").GetString());
        var error = JsonDocument.Parse(payload).RootElement;
        Assert.Equal("TypeError", error.GetProperty("errorType").GetString());
        Assert.Equal("boom now", error.GetProperty("errorMessage").GetString());
        Assert.True(error.GetProperty("trace").GetArrayLength() > 0);

        (output, payload) = await server.InvokeAsync(name, "{}");
        Assert.False(output.TryGetProperty("FunctionError", out _));
        Assert.Equal("\"fine\"", payload);
    }

    [Fact]
    public async Task SlowHandler_Invoke_TimesOutAndNextInvokeStartsFresh()
    {
        var name = FunctionsServerFixture.UniqueName("timeout");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = "exports.handler = async (event) => { if (event.hang) await new Promise(() => setInterval(() => {}, 1000)); return 'quick'; };",
        }, "--timeout", "1");
        var (output, payload) = await server.InvokeAsync(name, """{"hang":true}""");
        Assert.Equal("Unhandled", output.GetProperty("FunctionError").GetString());
        Assert.Contains("Task timed out after 1.00 seconds", payload);

        (_, payload) = await server.InvokeAsync(name, "{}");
        Assert.Equal("\"quick\"", payload);
    }

    [Fact]
    public async Task MissingHandler_Invoke_ReportsInitErrorAndServerCarriesOn()
    {
        var name = FunctionsServerFixture.UniqueName("nohandler");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.missing", new Dictionary<string, string>
        {
            ["index.js"] = "exports.handler = async () => 'x';",
        });
        var (output, payload) = await server.InvokeAsync(name, "{}");
        Assert.Equal("Unhandled", output.GetProperty("FunctionError").GetString());
        Assert.Equal("Runtime.HandlerNotFound", JsonDocument.Parse(payload).RootElement.GetProperty("errorType").GetString());

        var throwsAtInit = FunctionsServerFixture.UniqueName("initthrow");
        await server.CreateFunctionAsync(throwsAtInit, "nodejs20.x", "index.handler", new Dictionary<string, string>
        {
            ["index.js"] = "throw new Error('cannot start');",
        });
        (output, payload) = await server.InvokeAsync(throwsAtInit, "{}");
        Assert.Equal("Unhandled", output.GetProperty("FunctionError").GetString());
        Assert.Contains("cannot start", payload);
    }

    [Fact]
    public async Task BadInput_ControlPlane_ReturnsLambdaErrors()
    {
        // The CLI refuses a non-zip file itself, so the invalid zip goes through boto3.
        var badZip = await server.Boto3Async("""
            import boto3, os
            client = boto3.client('lambda', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
            try:
                client.create_function(FunctionName='badzip', Runtime='nodejs20.x', Handler='index.handler',
                    Role='arn:aws:iam::000000000000:role/x', Code={'ZipFile': b'PK\x03\x04 not really a zip'})
            except client.exceptions.InvalidParameterValueException as error:
                print('InvalidParameterValueException', error.response['Error']['Message'])
            """);
        Assert.Contains("InvalidParameterValueException Could not unzip uploaded file", badZip.EnsureSuccess("boto3").Stdout);

        var badRuntime = await server.Cli.RunAsync("lambda", "create-function", "--function-name", FunctionsServerFixture.UniqueName("badrt"),
            "--runtime", "cobol85", "--handler", "index.handler", "--role", FunctionsServerFixture.Role,
            "--zip-file", "fileb://" + FunctionsServerFixture.Zip(CommonJs));
        Assert.Contains("InvalidParameterValueException", badRuntime.Stderr);

        var name = FunctionsServerFixture.UniqueName("dup");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", CommonJs);
        var duplicate = await server.Cli.RunAsync("lambda", "create-function", "--function-name", name, "--runtime", "nodejs20.x",
            "--handler", "index.handler", "--role", FunctionsServerFixture.Role, "--zip-file", "fileb://" + FunctionsServerFixture.Zip(CommonJs));
        Assert.Contains("ResourceConflictException", duplicate.Stderr);

        var bigEvent = Path.GetTempFileName();
        await File.WriteAllTextAsync(bigEvent, "{\"pad\":\"" + new string('x', 1_100_000) + "\"}");
        var tooBig = await server.Cli.RunAsync("lambda", "invoke", "--function-name", name, "--invocation-type", "Event",
            "--payload", "fileb://" + bigEvent, Path.GetTempFileName());
        Assert.Contains("RequestTooLargeException", tooBig.Stderr);

        var notJson = Path.GetTempFileName();
        await File.WriteAllTextAsync(notJson, "not json");
        var invalid = await server.Cli.RunAsync("lambda", "invoke", "--function-name", name, "--payload", "fileb://" + notJson, Path.GetTempFileName());
        Assert.Contains("InvalidRequestContentException", invalid.Stderr);
    }
}
