using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Sqs;

/// <summary>
/// The AWS SDK for JavaScript v3 (@aws-sdk/client-sqs) with default settings, which verify MD5OfMessageBody and MD5OfBody,
/// driven by node/sqs_client.mjs. Its packages come from `scripts/setup` (npm install in Sqs/node).
/// </summary>
public sealed class SqsJsSdkTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>
{
    private static readonly string ScriptFolder = Path.Combine(SluiceProcess.RepositoryRoot, "tests", "Sluice.AcceptanceTests", "Sqs", "node");

    private async Task<JsonElement> RunAsync(string command)
    {
        Assert.True(Directory.Exists(Path.Combine(ScriptFolder, "node_modules", "@aws-sdk", "client-sqs")),
            $"The JS SDK is not installed in {ScriptFolder}; run scripts/setup.");
        var environment = new Dictionary<string, string?>(AwsCli.Environment) { ["SLUICE_ENDPOINT"] = fixture.Endpoint };
        var prefix = $"js-{Guid.NewGuid():N}"[..20];
        var result = await ProcessRunner.RunAsync("node", ["sqs_client.mjs", command, prefix], environment, ScriptFolder);
        result.EnsureSuccess("node sqs_client.mjs " + command);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.False(json.TryGetProperty("failedStep", out var failedStep),
            $"{failedStep} failed: {(json.TryGetProperty("error", out var error) ? error.GetString() : "")}");
        return json;
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];

    [Fact]
    public async Task Lifecycle_SendBatchReceiveLongPollDelete_ChecksumsAccepted()
    {
        var result = await RunAsync("lifecycle");

        Assert.StartsWith(fixture.Endpoint + "/000000000000/js-", result.GetProperty("queueUrl").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("hello from js ✓"u8)), result.GetProperty("sentMd5").GetString());
        Assert.Equal(["a", "b"], Strings(result.GetProperty("batchSuccessful")));
        Assert.Equal(["batch a", "batch b", "hello from js ✓"], Strings(result.GetProperty("received")));
        Assert.Equal("api", result.GetProperty("origin").GetString());
        Assert.Equal([1, 2, 3], result.GetProperty("bytes").EnumerateArray().Select(b => b.GetInt32()));
        Assert.Equal(3, result.GetProperty("deleted").GetInt32());
        Assert.Equal(["during the poll"], Strings(result.GetProperty("polled")));
        Assert.InRange(result.GetProperty("pollMs").GetInt32(), 0, 5_000);
        Assert.Equal(("0", "60"), (result.GetProperty("remaining").GetString(), result.GetProperty("visibility").GetString()));
    }

    [Fact]
    public async Task Fifo_ContentBasedDeduplication_OrderPerGroupAndTheDuplicateDropped()
    {
        var result = await RunAsync("fifo");

        Assert.Equal(["1", "2", "3"], Strings(result.GetProperty("bodies")));
    }
}
