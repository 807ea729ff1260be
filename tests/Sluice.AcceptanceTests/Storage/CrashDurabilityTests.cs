using System.Collections.Concurrent;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Storage;

/// <summary>SIGKILL during concurrent uploads: what was acknowledged survives whole, nothing half-written appears.</summary>
public class CrashDurabilityTests
{
    private const int Writers = 8;

    [Fact]
    public async Task Upload_ServerKilledMidway_AcknowledgedObjectsReadBackExactlyAndNoPartialObjectExists()
    {
        await using var server = new SluiceProcess();
        await server.StartAsync();
        const string bucket = "crash-durability";
        using (var setup = S3Clients.Create(server.Endpoint))
            await setup.PutBucketAsync(bucket);

        var acknowledged = new ConcurrentDictionary<string, byte[]>();
        using var client = S3Clients.CreateWithoutRetries(server.Endpoint);
        using var stop = new CancellationTokenSource();
        var killAfterAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"w{writer}/object-{i:D5}";
                var content = ContentFor(key);
                try
                {
                    await client.PutObjectAsync(new PutObjectRequest
                    {
                        BucketName = bucket,
                        Key = key,
                        InputStream = new MemoryStream(content),
                    });
                    acknowledged[key] = content;
                    if (acknowledged.Count >= 200) killAfterAcknowledged.TrySetResult();
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    // Failures after the kill are expected; one before it fails the test through WhenAll.
                    return;
                }
            }
        })).ToList();

        await killAfterAcknowledged.Task.WaitAsync(TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        server.Kill();
        await Task.WhenAll(writers);

        await server.StartAsync();
        using var reader = S3Clients.Create(server.Endpoint);
        var listed = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = bucket };
        ListObjectsV2Response page;
        do
        {
            page = await reader.ListObjectsV2Async(request);
            listed.AddRange(page.S3Objects ?? []);
            request.ContinuationToken = page.NextContinuationToken;
        } while (page.IsTruncated == true);

        var listedKeys = listed.Select(entry => entry.Key).ToHashSet();
        var lost = acknowledged.Keys.Where(key => !listedKeys.Contains(key)).ToList();
        Assert.True(lost.Count == 0, $"acknowledged but lost: {string.Join(", ", lost)}");
        foreach (var entry in listed)
        {
            var expected = ContentFor(entry.Key);
            using var response = await reader.GetObjectAsync(bucket, entry.Key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            Assert.True(expected.AsSpan().SequenceEqual(copy.ToArray()), $"{entry.Key} does not read back as written");
        }
        Assert.True(listed.Count >= acknowledged.Count);
        await Poll.UntilAsync(() => !Directory.EnumerateFiles(Path.Combine(server.DataPath, "tmp")).Any(), TimeSpan.FromSeconds(30),
            "the start-up sweep to remove the temp files of uploads cut off by the kill");
    }

    /// <summary>Deterministic content per key; every fifth object is large enough to go to a blob file.</summary>
    private static byte[] ContentFor(string key)
    {
        var seed = BitConverter.ToInt32(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        var random = new Random(seed);
        var content = new byte[Math.Abs(seed) % 5 == 0 ? 200_000 + random.Next(100_000) : 1 + random.Next(4096)];
        random.NextBytes(content);
        return content;
    }
}
