using System.Text.Json;

namespace Sluice.AcceptanceTests.Functions;

[Collection(FunctionsCollection.Name)]
public sealed class RuntimeTests(FunctionsServerFixture server)
{
    [Fact]
    public async Task Python_CreateInvokeUpdateDelete_RunsModuleFunctionHandler()
    {
        var name = FunctionsServerFixture.UniqueName("python");
        await server.CreateFunctionAsync(name, "python3.12", "app.handler", new Dictionary<string, string>
        {
            ["app.py"] = """
                from helpers import double

                def handler(event, context):
                    print("doubling", event["n"])
                    return {"doubled": double(event["n"]), "requestId": context.aws_request_id,
                            "name": context.function_name, "remaining": context.get_remaining_time_in_millis() > 0}
                """,
            ["helpers.py"] = "def double(n):\n    return n * 2\n",
        });
        var (output, payload) = await server.InvokeAsync(name, """{"n":21}""", "--log-type", "Tail");
        var result = JsonDocument.Parse(payload).RootElement;
        Assert.Equal(42, result.GetProperty("doubled").GetInt32());
        Assert.Equal(name, result.GetProperty("name").GetString());
        Assert.True(result.GetProperty("remaining").GetBoolean());
        var log = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(output.GetProperty("LogResult").GetString()!));
        Assert.Contains("doubling 21", log);

        await server.Cli.RunOkAsync("lambda", "update-function-code", "--function-name", name, "--zip-file", "fileb://" + FunctionsServerFixture.Zip(
            new Dictionary<string, string> { ["app.py"] = "def handler(event, context):\n    raise ValueError('bad n')\n" }));
        (output, payload) = await server.InvokeAsync(name, """{"n":1}""");
        Assert.Equal("Unhandled", output.GetProperty("FunctionError").GetString());
        var error = JsonDocument.Parse(payload).RootElement;
        Assert.Equal("ValueError", error.GetProperty("errorType").GetString());
        Assert.Equal("bad n", error.GetProperty("errorMessage").GetString());

        await server.Cli.RunOkAsync("lambda", "delete-function", "--function-name", name);
    }

    [Fact]
    public async Task ProvidedShellBootstrap_CreateInvokeUpdateDelete_SpeaksRuntimeApi()
    {
        var name = FunctionsServerFixture.UniqueName("provided");
        static Dictionary<string, string> Bootstrap(string greeting) => new()
        {
            ["bootstrap"] = $$"""
                #!/bin/sh
                set -eu
                api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
                while true; do
                  headers=$(mktemp)
                  event=$(curl -sS -D "$headers" "$api/invocation/next")
                  id=$(grep -i '^lambda-runtime-aws-request-id:' "$headers" | tr -d '\r' | cut -d' ' -f2)
                  echo "handling $id"
                  curl -sS -o /dev/null -X POST "$api/invocation/$id/response" -d "{\"greeting\":\"{{greeting}}\",\"handler\":\"$_HANDLER\",\"event\":$event}"
                  rm -f "$headers"
                done
                """,
        };
        await server.CreateFunctionAsync(name, "provided.al2023", "function.handler", Bootstrap("hello"));
        var (_, payload) = await server.InvokeAsync(name, """{"k":1}""");
        Assert.Equal("""{"greeting":"hello","handler":"function.handler","event":{"k":1}}""", payload);

        await server.Cli.RunOkAsync("lambda", "update-function-code", "--function-name", name,
            "--zip-file", "fileb://" + FunctionsServerFixture.Zip(Bootstrap("bonjour")));
        (_, payload) = await server.InvokeAsync(name, """{"k":2}""");
        Assert.Equal("""{"greeting":"bonjour","handler":"function.handler","event":{"k":2}}""", payload);
        await server.Cli.RunOkAsync("lambda", "delete-function", "--function-name", name);
    }
}
