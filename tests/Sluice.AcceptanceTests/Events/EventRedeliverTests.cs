using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Events;

/// <summary>`sluice events list` and `redeliver` for an event whose delivery failed and waits for its retry.</summary>
public sealed class EventRedeliverTests
{
    [Fact]
    public async Task EventsRedeliver_EventWaitingForRetry_ListShowsLastErrorAndRedeliverRunsTheRetryNowOnce()
    {
        // AWS's first retry comes a minute later; ten minutes here, so only the re-delivery can run it within the test.
        await using var server = new SluiceProcess
        {
            Environment = new Dictionary<string, string?> { ["SLUICE_FUNCTIONS_ASYNC_RETRY_DELAY_MS"] = "600000" },
        };
        await server.StartAsync();
        var (cli, events) = (new AwsCli(server.Endpoint), new SluiceEventsCli(server.Endpoint));
        var bucket = SluiceServerFixture.UniqueBucket("retry-now");
        var function = await RecordingFunction.CreateAsync(cli, "retry-now", failFirst: true);
        await cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        await cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration",
            $$"""{"LambdaFunctionConfigurations": [{"Id": "to-flaky", "LambdaFunctionArn": "{{function.Arn}}", "Events": ["s3:ObjectCreated:*"]}]}""");
        await cli.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "flaky.txt", "--body", EventsServerFixture.TempFile(7));
        await function.WaitForAsync(1, "the first attempt, which throws");

        long id = 0;
        var listed = "";
        await Poll.UntilAsync(async () =>
        {
            var entry = Assert.Single(await events.ListAsync(bucket));
            id = entry.GetProperty("id").GetInt64();
            listed = entry.ToString();
            return entry.TryGetProperty("pending", out var pending) && pending.TryGetProperty("lastError", out _);
        }, TimeSpan.FromSeconds(30), () => $"the failed attempt's error in the event log: {listed}");
        var table = (await events.RunAsync("list", "--bucket", bucket)).EnsureSuccess("sluice events list").Stdout;
        Assert.Contains(table.Split('\n'), line => line.StartsWith($"{id} ", StringComparison.Ordinal)
            && line.EndsWith("queued (attempts 1, last error: Error: refused by the test)", StringComparison.Ordinal));

        var redelivered = (await events.RunAsync("redeliver", id.ToString())).EnsureSuccess("sluice events redeliver");

        Assert.Equal($"event {id}: queued: next attempt due now", redelivered.Stdout.Trim());
        await function.WaitForAsync(2, "the retry brought forward", timeoutSeconds: 60);
        var settled = Assert.Single(await events.WaitUntilSettledAsync(bucket, atLeast: 1));
        Assert.Equal("delivered", settled.GetProperty("status").GetString());
        Assert.Equal(2, function.Received().Count);

        var missing = await events.RunAsync("redeliver", "999999999");
        SluiceCli.AssertOneLineError(missing, 1, $"{server.Endpoint} answered 404 NotFound: Event 999999999 does not exist.");
    }
}
