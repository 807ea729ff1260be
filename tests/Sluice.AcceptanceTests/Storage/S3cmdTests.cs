using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Storage;

/// <summary>s3cmd with a config file pointing at the server: SigV4 (its default) and SigV2.</summary>
public sealed class S3cmdTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>, IDisposable
{
    private readonly TempFolder _files = new();
    private readonly S3Http _s3 = new(fixture.Endpoint);

    public void Dispose()
    {
        _files.Dispose();
        _s3.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MbPutLsGetSyncDelRb_SignatureV4OrV2_WholeLifeWorks(bool signatureV2)
    {
        var bucket = SluiceServerFixture.UniqueBucket(signatureV2 ? "s3cmd-v2" : "s3cmd-v4");
        var config = WriteConfig(signatureV2);
        var local = _files.WriteText("hello.txt", "hello from s3cmd");
        _files.WriteText("tree/a.txt", "a");
        _files.WriteRandom("tree/sub/b.bin", 200 * 1024);
        _files.WriteText("tree/sub/with space.txt", "space");

        await S3cmdAsync(config, "mb", $"s3://{bucket}");
        await S3cmdAsync(config, "put", local, $"s3://{bucket}/docs/hello.txt");
        var listing = await S3cmdAsync(config, "ls", $"s3://{bucket}/docs/");
        Assert.Contains($"s3://{bucket}/docs/hello.txt", listing);
        await S3cmdAsync(config, "get", $"s3://{bucket}/docs/hello.txt", _files["got.txt"]);
        Assert.Equal("hello from s3cmd", await File.ReadAllTextAsync(_files["got.txt"]));

        await S3cmdAsync(config, "sync", _files["tree"] + "/", $"s3://{bucket}/tree/");
        Assert.Equal(["docs/hello.txt", "tree/a.txt", "tree/sub/b.bin", "tree/sub/with space.txt"], await _s3.ListKeysAsync(bucket));
        await S3cmdAsync(config, "sync", $"s3://{bucket}/tree/", _files["back"] + "/");
        Assert.Equal(TempFolder.Tree(_files["tree"]), TempFolder.Tree(_files["back"]));

        await S3cmdAsync(config, "del", $"s3://{bucket}/docs/hello.txt");
        await S3cmdAsync(config, "del", "--recursive", "--force", $"s3://{bucket}/tree/");
        Assert.Empty(await _s3.ListKeysAsync(bucket));
        await S3cmdAsync(config, "rb", $"s3://{bucket}");
        using var head = await _s3.SendAsync(HttpMethod.Head, bucket);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, head.StatusCode);
    }

    private string WriteConfig(bool signatureV2)
    {
        var hostPort = new Uri(fixture.Endpoint).Authority;
        return _files.WriteText(signatureV2 ? "s3cfg-v2" : "s3cfg-v4", $"""
            [default]
            access_key = {SluiceProcess.AccessKey}
            secret_key = {SluiceProcess.SecretKey}
            host_base = {hostPort}
            host_bucket = {hostPort}
            bucket_location = us-east-1
            use_https = False
            signature_v2 = {(signatureV2 ? "True" : "False")}
            progress_meter = False
            """);
    }

    private async Task<string> S3cmdAsync(string config, params string[] arguments)
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = _files.Path };
        var result = await ProcessRunner.RunAsync("s3cmd", ["-c", config, "--no-progress", .. arguments], environment);
        return result.EnsureSuccess("s3cmd " + string.Join(' ', arguments)).Stdout;
    }
}
