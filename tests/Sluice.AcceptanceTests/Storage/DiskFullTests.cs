using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Storage;

/// <summary>A full disk: the write that cannot be stored fails cleanly, and everything else carries on.</summary>
public class DiskFullTests
{
    private const int ObjectBytes = 4 * 1024 * 1024;

    [Fact]
    public async Task Put_DiskFull_CleanErrorNothingHalfWrittenEarlierObjectsReadableAndWritesResumeAfterFree()
    {
        var mountPoint = Path.Combine(Path.GetTempPath(), "sluice-full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mountPoint);
        (await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", mountPoint]))
            .EnsureSuccess("mounting a 24 MiB tmpfs for the data folder (the test runs as root)");
        try
        {
            await using var server = new SluiceProcess(Path.Combine(mountPoint, "data"));
            await server.StartAsync();
            using var client = S3Clients.CreateWithoutRetries(server.Endpoint);
            await client.PutBucketAsync("full-disk");

            var stored = new List<string>();
            AmazonS3Exception? failure = null;
            for (var i = 0; i < 20 && failure is null; i++)
            {
                try
                {
                    await client.PutObjectAsync(new PutObjectRequest
                    {
                        BucketName = "full-disk",
                        Key = $"object-{i}",
                        InputStream = new MemoryStream(Content(i)),
                    });
                    stored.Add($"object-{i}");
                }
                catch (AmazonS3Exception error)
                {
                    failure = error;
                }
            }

            Assert.NotNull(failure);
            Assert.Equal("StorageFull", failure.ErrorCode);
            Assert.Equal((HttpStatusCode)507, failure.StatusCode);
            Assert.NotEmpty(stored);
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataPath, "tmp")));

            var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "full-disk" });
            Assert.Equal(stored, (listed.S3Objects ?? []).Select(entry => entry.Key).OrderBy(key => int.Parse(key[7..])));
            for (var i = 0; i < stored.Count; i++)
                Assert.Equal(Content(i), await ReadAsync(client, stored[i]));

            await client.DeleteObjectAsync("full-disk", stored[0]);
            await client.DeleteObjectAsync("full-disk", stored[1]);
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "full-disk",
                Key = "after-free",
                InputStream = new MemoryStream(Content(99)),
            });
            Assert.Equal(Content(99), await ReadAsync(client, "after-free"));
        }
        finally
        {
            await ProcessRunner.RunAsync("umount", ["-l", mountPoint]);
            Directory.Delete(mountPoint, recursive: true);
        }
    }

    private static byte[] Content(int seed)
    {
        var content = new byte[ObjectBytes];
        new Random(seed).NextBytes(content);
        return content;
    }

    private static async Task<byte[]> ReadAsync(IAmazonS3 client, string key)
    {
        using var response = await client.GetObjectAsync("full-disk", key);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
