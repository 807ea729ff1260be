using Amazon.S3.Model;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Events;

/// <summary>Events are invoked within the function's concurrency: one at a time when reserved to 1, in parallel otherwise.</summary>
[Collection(EventsCollection.Name)]
public sealed class EventConcurrencyTests(EventsServerFixture server)
{
    private const int Uploads = 8;

    [Fact]
    public async Task ObjectCreatedEvents_ReservedConcurrencyOne_HandledStrictlyOneAtATime()
    {
        var function = await RecordingFunction.CreateAsync(server.Cli, "serial", delayMs: 150);
        await server.Cli.RunOkAsync("lambda", "put-function-concurrency", "--function-name", function.Name, "--reserved-concurrent-executions", "1");
        var bucket = await UploadConcurrentlyAsync("serial", function);

        var handled = (await function.WaitForAsync(Uploads, "every concurrent upload")).OrderBy(e => e.StartMs).ToList();
        for (var i = 1; i < handled.Count; i++)
            Assert.True(handled[i].StartMs >= handled[i - 1].EndMs,
                $"{handled[i].Key} started at {handled[i].StartMs} before {handled[i - 1].Key} ended at {handled[i - 1].EndMs}");
        await server.Events.WaitUntilSettledAsync(bucket, atLeast: Uploads);
        Assert.Equal(Uploads, function.Received().Count);
    }

    [Fact]
    public async Task ObjectCreatedEvents_UnreservedConcurrency_RunInSeveralEnvironmentsAtOnce()
    {
        var function = await RecordingFunction.CreateAsync(server.Cli, "parallel", delayMs: 1500);
        var bucket = await UploadConcurrentlyAsync("parallel", function);

        var handled = await function.WaitForAsync(Uploads, "every concurrent upload");
        var environments = handled.Select(e => e.Pid).Distinct().Count();
        var overlapping = handled.Max(e => handled.Count(other => other.StartMs < e.EndMs && e.StartMs < other.EndMs));
        Assert.True(environments >= 2, $"{Uploads} events of 1.5 s each ran in {environments} environment(s)");
        Assert.True(overlapping >= 2, $"no two of the {Uploads} invocations overlapped");
        await server.Events.WaitUntilSettledAsync(bucket, atLeast: Uploads);
        Assert.Equal(Uploads, function.Received().Count);
    }

    /// <summary>A bucket whose ObjectCreated events go to the function, then uploads from concurrent AWSSDK.S3 calls.</summary>
    private async Task<string> UploadConcurrentlyAsync(string purpose, RecordingFunction function)
    {
        var bucket = SluiceServerFixture.UniqueBucket(purpose);
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        await server.Cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration",
            $$"""{"LambdaFunctionConfigurations": [{"LambdaFunctionArn": "{{function.Arn}}", "Events": ["s3:ObjectCreated:*"]}]}""");
        using var client = S3Clients.Create(server.Endpoint);
        await Task.WhenAll(Enumerable.Range(0, Uploads).Select(i => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = $"upload-{i}.txt",
            ContentBody = $"object {i}",
        })));
        return bucket;
    }
}
