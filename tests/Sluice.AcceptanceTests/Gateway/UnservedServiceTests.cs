using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Gateway;

/// <summary>Services Sluice does not serve answer in their own protocol, so SDKs and the CLI show a readable error.</summary>
public sealed class UnservedServiceTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Gateway", "python", "unserved_services.py");

    [Theory]
    [InlineData("events", "UnknownOperationException", "ListRules")]
    [InlineData("dynamodb", "UnknownOperationException", "ListTables")]
    [InlineData("sns", "InvalidAction", "ListTopics")]
    [InlineData("sts", "InvalidAction", "GetCallerIdentity")]
    public async Task Boto3_UnservedService_RaisesReadableErrorNamingOperation(string service, string code, string operation)
    {
        var seen = (await Boto3Outcomes()).GetProperty(service);

        Assert.Equal("error", seen.GetProperty("outcome").GetString());
        Assert.Equal(code, seen.GetProperty("code").GetString());
        Assert.Equal(400, seen.GetProperty("status").GetInt32());
        Assert.Equal(operation, seen.GetProperty("operation").GetString());
        Assert.Contains("Sluice does not serve", seen.GetProperty("message").GetString());
        Assert.Contains(operation, seen.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("events", "list-rules", "UnknownOperationException")]
    [InlineData("sns", "list-topics", "InvalidAction")]
    [InlineData("sts", "get-caller-identity", "InvalidAction")]
    public async Task AwsCli_UnservedService_ExitsWithReadableError(string service, string command, string code)
    {
        var cli = new AwsCli(fixture.Endpoint);

        var result = await cli.RunAsync(service, command);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"({code})", result.Stderr);
        Assert.Contains("Sluice does not serve", result.Stderr);
    }

    [Fact]
    public async Task AwsCli_WrongSecretOnUnservedService_AuthErrorInThatProtocol()
    {
        var environment = new Dictionary<string, string?>(AwsCli.Environment) { ["AWS_SECRET_ACCESS_KEY"] = "wrong" };
        string[] common = ["--endpoint-url", fixture.Endpoint, "--region", "us-east-1"];

        var sns = await ProcessRunner.RunAsync(Tools.Aws, [.. common, "sns", "list-topics"], environment);
        var events = await ProcessRunner.RunAsync(Tools.Aws, [.. common, "events", "list-rules"], environment);

        Assert.Contains("(SignatureDoesNotMatch)", sns.Stderr);
        Assert.Contains("(InvalidSignatureException)", events.Stderr);
    }

    private async Task<JsonElement> Boto3Outcomes()
    {
        var environment = new Dictionary<string, string?>(AwsCli.Environment) { ["SLUICE_ENDPOINT"] = fixture.Endpoint };
        var result = await ProcessRunner.RunAsync(Tools.Python, [Script], environment);
        result.EnsureSuccess("unserved_services.py");
        return JsonDocument.Parse(result.Stdout).RootElement;
    }
}
