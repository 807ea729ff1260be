using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Storage;

/// <summary>rclone's S3 backend (provider Other, path style), configured through environment variables only.</summary>
public sealed class RcloneTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>, IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task SyncUpAndBack_MixedTree_ByteForByteIdenticalAndCheckPasses()
    {
        var bucket = SluiceServerFixture.UniqueBucket("rclone-sync");
        _files.WriteText("up/empty.txt", "");
        _files.WriteText("up/one.txt", "1");
        _files.WriteRandom("up/data/100k.bin", 100 * 1024, seed: 5);
        _files.WriteRandom("up/data/nested/deeper/7m.bin", 7 * 1024 * 1024, seed: 6);
        _files.WriteText("up/name with spaces.txt", "spaces");
        _files.WriteText("up/ünïcødé/日本語 ファイル.txt", "unicode");

        await RcloneAsync("mkdir", $"sluice:{bucket}");
        await RcloneAsync("sync", _files["up"], $"sluice:{bucket}/tree");
        await RcloneAsync("sync", $"sluice:{bucket}/tree", _files["down"]);
        await RcloneAsync("check", _files["up"], $"sluice:{bucket}/tree");

        Assert.Equal(TempFolder.Tree(_files["up"]), TempFolder.Tree(_files["down"]));
    }

    [Fact]
    public async Task CopyCheckPurge_SignatureV2WithMultipart_Works()
    {
        var bucket = SluiceServerFixture.UniqueBucket("rclone-v2");
        _files.WriteText("up/a.txt", "a");
        _files.WriteText("up/sub/b c.txt", "b");
        _files.WriteRandom("up/sub/6m ü.bin", 6 * 1024 * 1024, seed: 9);

        await RcloneAsync("mkdir", $"sluice:{bucket}", "--s3-v2-auth");
        await RcloneAsync("copy", _files["up"], $"sluice:{bucket}/tree", "--s3-v2-auth");
        await RcloneAsync("check", _files["up"], $"sluice:{bucket}/tree", "--s3-v2-auth");
        await RcloneAsync("purge", $"sluice:{bucket}", "--s3-v2-auth");

        var buckets = await RcloneAsync("lsd", "sluice:", "--s3-v2-auth");
        Assert.DoesNotContain(bucket, buckets);
    }

    private async Task<string> RcloneAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            // rclone refuses plain http when a CA bundle is configured.
            ["AWS_CA_BUNDLE"] = null,
            ["RCLONE_CONFIG"] = _files["rclone.conf"],
            ["RCLONE_CONFIG_SLUICE_TYPE"] = "s3",
            ["RCLONE_CONFIG_SLUICE_PROVIDER"] = "Other",
            ["RCLONE_CONFIG_SLUICE_ENDPOINT"] = fixture.Endpoint,
            ["RCLONE_CONFIG_SLUICE_ACCESS_KEY_ID"] = SluiceProcess.AccessKey,
            ["RCLONE_CONFIG_SLUICE_SECRET_ACCESS_KEY"] = SluiceProcess.SecretKey,
            ["RCLONE_CONFIG_SLUICE_REGION"] = "us-east-1",
            ["RCLONE_CONFIG_SLUICE_FORCE_PATH_STYLE"] = "true",
            // The 7 MiB file goes up in two parts rather than rclone's default single PUT below 200 MiB.
            ["RCLONE_S3_UPLOAD_CUTOFF"] = "5Mi",
            ["RCLONE_S3_CHUNK_SIZE"] = "5Mi",
        };
        var result = await ProcessRunner.RunAsync("rclone", [.. arguments, "--retries", "1", "--low-level-retries", "2"], environment);
        return result.EnsureSuccess("rclone " + string.Join(' ', arguments)).Stdout;
    }
}
