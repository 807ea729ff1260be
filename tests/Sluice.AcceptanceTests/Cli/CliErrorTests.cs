using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Cli;

/// <summary>Every CLI error is one line naming the problem: exit code 2 for a wrong command line, 1 for a failure.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public CliErrorTests()
    {
        _folder.WriteText("fn/index.js", "exports.handler = async () => ({});");
        _folder.WriteText("not-json.json", "{ this is not json");
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("invoke ./fn --handler index.handler --runtime nodejs20.x --event ./missing.json", "no --event file at ./missing.json")]
    [InlineData("invoke ./fn --handler index.handler --runtime nodejs20.x --event ./fn", "--event file ./fn")]
    [InlineData("invoke ./fn --handler index.handler --runtime nodejs20.x --event ./not-json.json", "the event in ./not-json.json is not JSON")]
    [InlineData("invoke ./missing-folder --handler index.handler --runtime nodejs20.x", "no folder or zip at ./missing-folder")]
    [InlineData("invoke ./fn --handler index.handler --runtime nodejs20.x --env NOVALUE", "--env expects KEY=VALUE, got 'NOVALUE'")]
    [InlineData("invoke ./fn --handler index.handler --runtime cobol85", "unknown runtime cobol85")]
    [InlineData("invoke ./fn --runtime nodejs20.x", "Option '--handler' is required.")]
    [InlineData("invoke ./fn --handler index.handler --runtime nodejs20.x --timeout 0", "--timeout must be between 1 and 900")]
    [InlineData("events list --no-such-option", "Unrecognized command or argument '--no-such-option'")]
    [InlineData("events list --endpoint-url not-a-url", "--endpoint-url expects an http:// or https:// URL")]
    [InlineData("events redeliver not-a-number", "see 'sluice events redeliver --help'")]
    [InlineData("events", "see 'sluice events --help'")]
    [InlineData("server --port 70000", "--port must be between 0 and 65535")]
    [InlineData("server --port 0 --data ./not-json.json", "--data ./not-json.json")]
    [InlineData("no-such-command", "Unrecognized command or argument 'no-such-command'")]
    public async Task Command_WrongCommandLineOrMissingFile_OneLineOnStderrAndExitCode2(string commandLine, string message)
    {
        var result = await SluiceCli.RunAsync(commandLine.Split(' '), _folder.Path);
        SluiceCli.AssertOneLineError(result, 2, message);
    }

    [Theory]
    [InlineData("logs", "some-function")]
    [InlineData("events", "list")]
    [InlineData("events", "replay", "--bucket", "b", "--function", "f")]
    [InlineData("events", "redeliver", "1")]
    public async Task Command_NothingListening_OneLineNamingEndpointAndExitCode1(params string[] arguments)
    {
        var endpoint = SluiceCli.UnreachableEndpoint();
        var result = await SluiceCli.RunAsync([.. arguments, "--endpoint-url", endpoint]);
        SluiceCli.AssertOneLineError(result, 1, $"cannot reach {endpoint}");
    }

    [Fact]
    public async Task Command_FailsWithVerbose_AddsTheStackTrace()
    {
        var endpoint = SluiceCli.UnreachableEndpoint();
        var result = await SluiceCli.RunAsync(["logs", "some-function", "--endpoint-url", endpoint, "--verbose"]);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"sluice: cannot reach {endpoint}", result.Stderr);
        Assert.Contains("HttpRequestException", result.Stderr);
        Assert.Contains("   at ", result.Stderr);
    }
}
