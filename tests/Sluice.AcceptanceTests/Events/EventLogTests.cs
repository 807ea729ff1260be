using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Events;

/// <summary>`sluice events list | replay | redeliver`: the event log as a user reads and works it.</summary>
[Collection(EventsCollection.Name)]
public sealed class EventLogTests(EventsServerFixture server)
{
    [Fact]
    public async Task EventsRedeliver_FunctionDeletedAfterConfiguration_EventKeptAsUndeliverableThenDelivered()
    {
        var bucket = SluiceServerFixture.UniqueBucket("undeliverable");
        var function = await RecordingFunction.CreateAsync(server.Cli, "deleted");
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        await server.Cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration",
            $$"""{"LambdaFunctionConfigurations": [{"Id": "to-deleted", "LambdaFunctionArn": "{{function.Arn}}", "Events": ["s3:ObjectCreated:*"]}]}""");
        var body = EventsServerFixture.TempFile(42);
        await server.Cli.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "before.txt", "--body", body);
        await function.WaitForAsync(1, "the put made while the function existed");

        await server.Cli.RunOkAsync("lambda", "delete-function", "--function-name", function.Name);
        var start = DateTimeOffset.UtcNow;
        var (put, putOutput) = await server.CliWriteAsync("PutObject", "s3api", "put-object", "--bucket", bucket, "--key", "after.txt", "--body", body);

        var undeliverable = $"undeliverable: function {function.Name} does not exist";
        var kept = Assert.Single(await server.Events.ListAsync(bucket), e => e.GetProperty("key").GetString() == "after.txt");
        Assert.Equal(undeliverable, kept.GetProperty("status").GetString());
        Assert.Equal(("undeliverable", $"function {function.Name} does not exist"),
            (kept.GetProperty("state").GetString(), kept.GetProperty("reason").GetString()));
        Assert.Equal(put, kept.GetProperty("requestId").GetString());
        var table = (await server.Events.RunAsync("list", "--bucket", bucket)).EnsureSuccess("sluice events list").Stdout;
        Assert.Contains(table.Split('\n'), line => line.Contains($"{bucket}/after.txt") && line.Contains("to-deleted") && line.EndsWith(undeliverable));

        await function.CreateAsync();
        var id = kept.GetProperty("id").GetInt64();
        var redelivered = (await server.Events.RunAsync("redeliver", id.ToString())).EnsureSuccess("sluice events redeliver");
        Assert.Equal($"event {id}: queued", redelivered.Stdout.Trim());

        var received = (await function.WaitForAsync(2, "the re-delivered event"))[1];
        S3EventAssert.HasSpecShape(received.Record, bucket,
            new ExpectedEvent(function, "ObjectCreated:Put", "after.txt", "to-deleted", put, 42, putOutput!.Value.GetProperty("ETag").GetString()), start);
        var settled = await server.Events.WaitUntilSettledAsync(bucket, atLeast: 2);
        Assert.Equal("delivered", Assert.Single(settled, e => e.GetProperty("id").GetInt64() == id).GetProperty("status").GetString());
        Assert.Equal(2, function.Received().Count);
    }

    [Fact]
    public async Task EventsList_HandlerThrows_EventRetriedThenListedAsFailedAfterThreeAttempts()
    {
        var bucket = SluiceServerFixture.UniqueBucket("failing");
        var function = await RecordingFunction.CreateAsync(server.Cli, "failing", fail: true);
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        await server.Cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration",
            $$"""{"LambdaFunctionConfigurations": [{"Id": "to-failing", "LambdaFunctionArn": "{{function.Arn}}", "Events": ["s3:ObjectCreated:*"]}]}""");
        var (put, _) = await server.CliWriteAsync("PutObject", "s3api", "put-object", "--bucket", bucket, "--key", "refused.txt",
            "--body", EventsServerFixture.TempFile(3));

        // The first attempt and AWS's two retries, each with the same message.
        var attempts = await function.WaitForAsync(3, "the first attempt and two retries");
        Assert.All(attempts, attempt => Assert.Equal(("refused.txt", put),
            (attempt.Key, attempt.Record.GetProperty("responseElements").GetProperty("x-amz-request-id").GetString())));
        var failed = Assert.Single(await server.Events.WaitUntilSettledAsync(bucket, atLeast: 1));
        Assert.Equal("failed after 3 attempts: error", failed.GetProperty("status").GetString());
        Assert.Equal(("failed", "after 3 attempts: error"), (failed.GetProperty("state").GetString(), failed.GetProperty("reason").GetString()));
        Assert.Equal(3, function.Received().Count);
    }

    [Fact]
    public async Task EventsReplay_PrefixToFunction_BackfillsExistingObjectsAndListShowsWhichRuleMatched()
    {
        var bucket = SluiceServerFixture.UniqueBucket("replay");
        var folder = Directory.CreateTempSubdirectory("sluice-replay-").FullName;
        foreach (var (path, size) in new[] { ("old/1.txt", 1), ("old/2.txt", 22), ("old/sub/3.txt", 333), ("other/4.txt", 4) })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, path))!);
            await File.WriteAllTextAsync(Path.Combine(folder, path), new string('x', size));
        }
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        await server.Cli.RunOkAsync("s3", "cp", "--recursive", folder, $"s3://{bucket}/");
        var function = await RecordingFunction.CreateAsync(server.Cli, "backfill");

        var replay = (await server.Events.RunAsync("replay", "--bucket", bucket, "--prefix", "old/", "--function", function.Name))
            .EnsureSuccess("sluice events replay");
        Assert.Equal($"replayed 3 objects to {function.Name}", replay.Stdout.Trim());
        var backfilled = await function.WaitForAsync(3, "one event per object under old/");
        Assert.Equal(["old/1.txt", "old/2.txt", "old/sub/3.txt"], backfilled.Select(e => e.Key).Order());
        Assert.All(backfilled, e => Assert.Equal(("ObjectCreated:Put", "sluice-replay"),
            (e.EventName, e.Record.GetProperty("s3").GetProperty("configurationId").GetString())));
        Assert.Equal([1L, 22L, 333L], backfilled.Select(e => e.Object.GetProperty("size").GetInt64()).Order());

        await server.Cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration",
            $$"""
            {"LambdaFunctionConfigurations": [{"Id": "logs", "LambdaFunctionArn": "{{function.Arn}}", "Events": ["s3:ObjectCreated:*"],
              "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "logs/"}]} } }]}
            """);
        var body = EventsServerFixture.TempFile(5);
        await server.Cli.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "logs/today.log", "--body", body);
        await server.Cli.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "misc/outside.bin", "--body", body);
        await function.WaitForAsync(4, "the put under logs/");
        await server.Events.WaitUntilSettledAsync(bucket, atLeast: 5);

        var lines = (await server.Events.RunAsync("list", "--bucket", bucket)).EnsureSuccess("sluice events list").Stdout.Split('\n');
        Assert.Matches(@"^ID +TIME \(UTC\) +EVENT +OBJECT +RULE +FUNCTION +STATUS$", lines[0]);
        string Row(string key) => Assert.Single(lines, line => line.Contains($" {bucket}/{key} "));
        Assert.Matches($@" ObjectCreated:Put +{bucket}/logs/today\.log +logs +{function.Name} +delivered$", Row("logs/today.log"));
        Assert.Matches($@" ObjectCreated:Put +{bucket}/misc/outside\.bin +- +- +no configuration matched$", Row("misc/outside.bin"));
        foreach (var key in new[] { "old/1.txt", "old/2.txt", "old/sub/3.txt" })
            Assert.Matches($@" sluice-replay +{function.Name} +delivered$", Row(key));
        Assert.DoesNotContain(lines, line => line.Contains("other/4.txt"));

        var byFunction = JsonDocument.Parse((await server.Events.RunAsync("list", "--function", function.Name, "--json")).EnsureSuccess("sluice events list --function").Stdout)
            .RootElement.GetProperty("events");
        Assert.Equal(4, byFunction.GetArrayLength());
    }
}
