using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Events;

/// <summary>S3 QueueConfiguration: the s3:TestEvent when it is set, then each matching write's event as a message of the queue.</summary>
[Collection(EventsCollection.Name)]
public sealed class QueueDestinationTests(EventsServerFixture server)
{
    [Fact]
    public async Task QueueConfiguration_SetWithTheCliThenAnUpload_TheQueueGetsTheTestEventThenTheUploadsEvent()
    {
        var bucket = SluiceServerFixture.UniqueBucket("to-queue");
        var queue = await SqsCliQueue.CreateAsync(server.Cli, "uploads");
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        var configuration = $$$$"""
            {"QueueConfigurations": [{"Id": "uploads", "QueueArn": "{{{{queue.Arn}}}}", "Events": ["s3:ObjectCreated:*"],
              "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "in/"}]}}}]}
            """;
        await server.Cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration", configuration);
        var stored = JsonDocument.Parse(await server.Cli.RunOkAsync("s3api", "get-bucket-notification-configuration", "--bucket", bucket)).RootElement;
        Assert.Equal(queue.Arn, stored.GetProperty("QueueConfigurations")[0].GetProperty("QueueArn").GetString());

        var test = await queue.ReceiveOneAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("s3:TestEvent", test.Body.GetProperty("Event").GetString());
        Assert.Equal("Amazon S3", test.Body.GetProperty("Service").GetString());
        Assert.Equal(bucket, test.Body.GetProperty("Bucket").GetString());

        await server.Cli.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "out/skipped.txt", "--body", EventsServerFixture.TempFile(10));
        await server.Cli.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "in/photo.jpg", "--body", EventsServerFixture.TempFile(1234));
        var upload = await queue.ReceiveOneAsync(TimeSpan.FromSeconds(30));
        var record = upload.Body.GetProperty("Records")[0];
        Assert.Equal("aws:s3", record.GetProperty("eventSource").GetString());
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal("uploads", record.GetProperty("s3").GetProperty("configurationId").GetString());
        Assert.Equal("in/photo.jpg", record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        Assert.Equal(1234, record.GetProperty("s3").GetProperty("object").GetProperty("size").GetInt64());
        Assert.True(await queue.IsEmptyAsync(), "the upload outside the prefix must not reach the queue");
    }

    [Fact]
    public async Task QueueConfiguration_QueueMissingOrFifo_RefusedWithInvalidArgumentAndNothingStored()
    {
        var bucket = SluiceServerFixture.UniqueBucket("bad-queue");
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        var fifo = await SqsCliQueue.CreateAsync(server.Cli, "events", fifo: true);
        foreach (var arn in new[] { "arn:aws:sqs:us-east-1:000000000000:no-such-queue", fifo.Arn })
        {
            var configuration = $$$"""{"QueueConfigurations": [{"QueueArn": "{{arn}}", "Events": ["s3:ObjectCreated:*"]}]}""";
            var refused = await server.Cli.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration", configuration);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("InvalidArgument", refused.Stderr);
        }
        var stored = await server.Cli.RunOkAsync("s3api", "get-bucket-notification-configuration", "--bucket", bucket);
        Assert.DoesNotContain("QueueConfigurations", stored);
    }
}
