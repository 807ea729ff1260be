using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Storage;

/// <summary>boto3 with its defaults (CRC32 checksums, SigV2 presigning in us-east-1), driven by python/boto3_client.py.</summary>
public sealed class Boto3Tests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>, IDisposable
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Storage", "python", "boto3_client.py");
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task UploadFileAndDownloadFile_20MiB_MultipartAndIdentical()
    {
        var result = await RunAsync("upload-download", SluiceServerFixture.UniqueBucket("boto-transfer"), (20 * 1024 * 1024).ToString(), _files.Path);

        Assert.Equal(20 * 1024 * 1024, result.GetProperty("size").GetInt64());
        // s3transfer's 8 MiB parts: 8 + 8 + 4.
        Assert.EndsWith("-3\"", result.GetProperty("etag").GetString());
        Assert.Equal(result.GetProperty("uploaded").GetString(), result.GetProperty("downloaded").GetString());
    }

    [Fact]
    public async Task GeneratePresignedUrl_SigV2AndSigV4_GetAndPutWorkWithPlainHttp()
    {
        var result = await RunAsync("presign", SluiceServerFixture.UniqueBucket("boto-presign"));

        var v2 = result.GetProperty("v2");
        Assert.Contains("AWSAccessKeyId=", v2.GetProperty("get_url").GetString());
        Assert.Contains("Signature=", v2.GetProperty("put_url").GetString());
        var v4 = result.GetProperty("v4");
        Assert.Contains("X-Amz-Signature=", v4.GetProperty("get_url").GetString());
        Assert.Contains("X-Amz-Signature=", v4.GetProperty("put_url").GetString());
        foreach (var (name, urls) in new[] { ("v2", v2), ("v4", v4) })
        {
            Assert.Equal((200, $"{name} content"), (urls.GetProperty("get_status").GetInt32(), urls.GetProperty("get_body").GetString()));
            Assert.True(urls.GetProperty("put_status").GetInt32() == 200, $"{name} presigned PUT: {urls.GetProperty("put_error").GetString()}");
            Assert.Equal($"{name} uploaded", urls.GetProperty("put_readback").GetString());
        }
    }

    [Fact]
    public async Task ListObjectsV2Paginator_35Keys_FourPagesInOrder()
    {
        var result = await RunAsync("paginate", SluiceServerFixture.UniqueBucket("boto-paginate"), "35");

        var pages = result.GetProperty("pages").EnumerateArray()
            .Select(page => page.EnumerateArray().Select(key => key.GetString()!).ToList()).ToList();
        Assert.Equal([10, 10, 10, 5], pages.Select(page => page.Count).ToList());
        Assert.Equal(Enumerable.Range(0, 35).Select(i => $"page/{i:D3}"), pages.SelectMany(page => page));
    }

    [Fact]
    public async Task SigV2HeaderAuth_BucketAndObjectCalls_Accepted()
    {
        var result = await RunAsync("sigv2-header", SluiceServerFixture.UniqueBucket("boto-sigv2"));

        Assert.Equal("signed with v2", result.GetProperty("body").GetString());
        Assert.Equal(["v2/a b+c.txt"], result.GetProperty("listed").EnumerateArray().Select(key => key.GetString()));
        Assert.Equal(["v2/a b+c.txt"], result.GetProperty("deleted").EnumerateArray().Select(key => key.GetString()));
    }

    [Fact]
    public async Task PutObject_EmptyBodiesBetweenOthersOnOneConnection_AllStored()
    {
        var result = await RunAsync("empty-then-more", SluiceServerFixture.UniqueBucket("boto-empty"));

        var listed = result.GetProperty("listed").EnumerateObject().ToDictionary(entry => entry.Name, entry => entry.Value.GetInt64());
        Assert.Equal(new Dictionary<string, long>
        {
            ["photos/"] = 0,
            ["photos/a.txt"] = "after an empty one".Length,
            ["photos/b.txt"] = "and another".Length,
            ["photos/empty.txt"] = 0,
        }, listed);
    }

    [Fact]
    public async Task PutObject_RefusedBeforeBodyThenAcceptedOnOneConnection_SecondStored()
    {
        var result = await RunAsync("refused-then-accepted", SluiceServerFixture.UniqueBucket("boto-refused"));

        Assert.Equal("NoSuchBucket", result.GetProperty("refused").GetString());
        Assert.Equal("accepted", result.GetProperty("body").GetString());
    }

    private async Task<JsonElement> RunAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string?>(AwsCli.Environment) { ["SLUICE_ENDPOINT"] = fixture.Endpoint };
        var result = await ProcessRunner.RunAsync(Tools.Python, [Script, .. arguments], environment);
        result.EnsureSuccess("boto3_client.py " + string.Join(' ', arguments));
        return JsonDocument.Parse(result.Stdout).RootElement;
    }
}
