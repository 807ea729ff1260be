using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Storage;

/// <summary>
/// The AWS SDK for JavaScript v3 (@aws-sdk/client-s3) with a hostname endpoint, driven by node/s3_client.mjs.
/// Its packages come from `scripts/setup` (npm install in Storage/node); the script runs in place beside them.
/// </summary>
public sealed class JsSdkTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>, IDisposable
{
    private static readonly string ScriptFolder = Path.Combine(RepositoryRoot(), "tests", "Sluice.AcceptanceTests", "Storage", "node");
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("path")]
    [InlineData("virtual-host")]
    public async Task PutGetListDeleteObjects_StringAndStreamBodies_RoundTrip(string addressing)
    {
        var result = await RunAsync("lifecycle", addressing, SluiceServerFixture.UniqueBucket("js-" + addressing));

        Assert.Equal("hello from js", result.GetProperty("stringBody").GetString());
        Assert.Equal("text/plain", result.GetProperty("stringContentType").GetString());
        Assert.Equal($"\"{result.GetProperty("streamMd5").GetString()}\"", result.GetProperty("streamETag").GetString());
        Assert.Equal(300 * 1024, result.GetProperty("streamLength").GetInt32());
        Assert.True(result.GetProperty("streamRoundTrip").GetBoolean());
        Assert.Equal(["docs/a b+c.txt", "docs/streamed.bin"], Strings(result.GetProperty("listed")));
        Assert.Equal(["docs/a b+c.txt", "docs/streamed.bin"], Strings(result.GetProperty("deleted")));
        Assert.Empty(Strings(result.GetProperty("remaining")));
    }

    [Fact]
    public async Task ListObjectsV2_KeysWithControlCharactersAndNewlines_ListedExactly()
    {
        var result = await RunAsync("awkward-keys", "path", SluiceServerFixture.UniqueBucket("js-keys"));

        var put = Strings(result.GetProperty("put"));
        Assert.Equal(put.Order(StringComparer.Ordinal), Strings(result.GetProperty("listed")));
        Assert.Equal(put, Strings(result.GetProperty("bodies")));
    }

    private async Task<JsonElement> RunAsync(params string[] arguments)
    {
        Assert.True(Directory.Exists(Path.Combine(ScriptFolder, "node_modules", "@aws-sdk", "client-s3")),
            $"The JS SDK is not installed in {ScriptFolder}; run scripts/setup.");
        var environment = new Dictionary<string, string?>(AwsCli.Environment)
        {
            // A hostname endpoint: the SDK then uses virtual-host addressing unless forcePathStyle is set.
            ["SLUICE_ENDPOINT"] = $"http://localhost:{fixture.Server.Port}",
        };
        var result = await ProcessRunner.RunAsync("node", ["s3_client.mjs", .. arguments, _files.Path], environment, ScriptFolder);
        result.EnsureSuccess("node s3_client.mjs " + string.Join(' ', arguments));
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.False(json.TryGetProperty("failedStep", out var failedStep),
            $"{failedStep} failed: {(json.TryGetProperty("error", out var error) ? error.GetString() : "")}");
        return json;
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(item => item.GetString()!).ToList();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Sluice.slnx")))
                return folder.FullName;
        throw new DirectoryNotFoundException("Sluice.slnx not found above " + AppContext.BaseDirectory);
    }
}
