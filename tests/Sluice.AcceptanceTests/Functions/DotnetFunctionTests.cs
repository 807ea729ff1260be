using System.Text;
using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

[Collection(FunctionsCollection.Name)]
public sealed class DotnetFunctionTests(FunctionsServerFixture server)
{
    private Task<string> CreateAsync(string name, string runtime, string method, string zip) =>
        server.Cli.RunOkAsync("lambda", "create-function", "--function-name", name, "--runtime", runtime,
            "--handler", DotnetSample.Handler + method, "--role", FunctionsServerFixture.Role, "--zip-file", "fileb://" + zip);

    [Fact]
    public async Task ClassLibraryHandler_CreateInvokeUpdateDelete_RunsThroughTheCli()
    {
        var name = FunctionsServerFixture.UniqueName("dotnet");
        await CreateAsync(name, "dotnet8", "GreetAsync", await DotnetSample.ZipAsync("Hello"));

        var (output, payload) = await server.InvokeAsync(name, """{"name":"Ada"}""", "--log-type", "Tail");
        Assert.Equal(200, output.GetProperty("StatusCode").GetInt32());
        var greeting = JsonDocument.Parse(payload).RootElement;
        Assert.Equal("Hello, Ada", greeting.GetProperty("Message").GetString());
        Assert.Equal(name, greeting.GetProperty("FunctionName").GetString());
        Assert.True(greeting.GetProperty("HasTimeLeft").GetBoolean());
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(output.GetProperty("LogResult").GetString()!));
        var requestId = greeting.GetProperty("RequestId").GetString();
        Assert.Contains($"START RequestId: {requestId}", log);
        Assert.Contains($"\t{requestId}\tinfo\tgreeting Ada", log);
        Assert.Contains("Init Duration:", log);

        // New code: the warm environment retires and the next invocation reads the new salutation.
        await server.Cli.RunOkAsync("lambda", "update-function-code", "--function-name", name, "--zip-file", "fileb://" + await DotnetSample.ZipAsync("Bonjour"));
        (_, payload) = await server.InvokeAsync(name, """{"name":"Ada"}""");
        Assert.Equal("Bonjour, Ada", JsonDocument.Parse(payload).RootElement.GetProperty("Message").GetString());

        // A static, synchronous handler without the context, on the other runtime name.
        await server.Cli.RunOkAsync("lambda", "update-function-configuration", "--function-name", name,
            "--runtime", "dotnet10", "--handler", DotnetSample.Handler + "Add");
        (_, payload) = await server.InvokeAsync(name, """{"a":2,"b":40}""");
        Assert.Equal("42", payload);

        await server.Cli.RunOkAsync("lambda", "delete-function", "--function-name", name);
        var missing = await server.Cli.RunAsync("lambda", "get-function", "--function-name", name);
        Assert.Contains("ResourceNotFoundException", missing.Stderr);
    }

    [Fact]
    public async Task ThrowingHandler_Invoke_ReportsExceptionTypeAndMessage()
    {
        var zip = await DotnetSample.ZipAsync("Hello");
        var name = FunctionsServerFixture.UniqueName("dotnetfail");
        await CreateAsync(name, "dotnet10", "Fail", zip);
        var (output, payload) = await server.InvokeAsync(name, """{"name":"Ada"}""");
        Assert.Equal("Unhandled", output.GetProperty("FunctionError").GetString());
        var error = JsonDocument.Parse(payload).RootElement;
        Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Equal("cannot greet Ada", error.GetProperty("errorMessage").GetString());
        Assert.Contains("DotnetHandler.Function.Fail", error.GetProperty("stackTrace")[0].GetString());

        var missing = FunctionsServerFixture.UniqueName("dotnetmissing");
        await CreateAsync(missing, "dotnet10", "NoSuchMethod", zip);
        (output, payload) = await server.InvokeAsync(missing, "{}");
        Assert.Equal("Unhandled", output.GetProperty("FunctionError").GetString());
        Assert.Equal("Runtime.HandlerNotFound", JsonDocument.Parse(payload).RootElement.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task SluiceInvoke_BuildOutputFolder_PrintsResultAndLog()
    {
        var folder = await DotnetSample.OutputFolderAsync();
        var eventFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(eventFile, """{"name":"Grace"}""");
        var result = await ProcessRunner.RunAsync("dotnet", [SluiceProcess.SluiceDll, "invoke", folder,
            "--runtime", "dotnet8", "--handler", DotnetSample.Handler + "GreetAsync", "--event", eventFile, "--function-name", "greeter"]);
        Assert.Equal(0, result.ExitCode);
        var greeting = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("Hello, Grace", greeting.GetProperty("Message").GetString());
        Assert.Equal("greeter", greeting.GetProperty("FunctionName").GetString());
        Assert.Contains("info\tgreeting Grace", result.Stderr);
        Assert.Contains("REPORT RequestId:", result.Stderr);

        result = await ProcessRunner.RunAsync("dotnet", [SluiceProcess.SluiceDll, "invoke", folder,
            "--runtime", "dotnet10", "--handler", DotnetSample.Handler + "Fail", "--event", eventFile]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("InvalidOperationException", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("errorType").GetString());
    }
}
