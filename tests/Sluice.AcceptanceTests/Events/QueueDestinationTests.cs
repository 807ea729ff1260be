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
        var (queueUrl, queueArn) = await CreateQueueAsync("uploads");
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        var configuration = $$$$"""
            {"QueueConfigurations": [{"Id": "uploads", "QueueArn": "{{{{queueArn}}}}", "Events": ["s3:ObjectCreated:*"],
              "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "in/"}]}}}]}
            """;
        await server.Cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration", configuration);
        var stored = JsonDocument.Parse(await server.Cli.RunOkAsync("s3api", "get-bucket-notification-configuration", "--bucket", bucket)).RootElement;
        Assert.Equal(queueArn, stored.GetProperty("QueueConfigurations")[0].GetProperty("QueueArn").GetString());

        var test = await ReceiveOneAsync(queueUrl);
        Assert.Equal("s3:TestEvent", test.Body.GetProperty("Event").GetString());
        Assert.Equal("Amazon S3", test.Body.GetProperty("Service").GetString());
        Assert.Equal(bucket, test.Body.GetProperty("Bucket").GetString());

        await server.Cli.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "out/skipped.txt", "--body", EventsServerFixture.TempFile(10));
        await server.Cli.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "in/photo.jpg", "--body", EventsServerFixture.TempFile(1234));
        var upload = await ReceiveOneAsync(queueUrl);
        var record = upload.Body.GetProperty("Records")[0];
        Assert.Equal("aws:s3", record.GetProperty("eventSource").GetString());
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal("uploads", record.GetProperty("s3").GetProperty("configurationId").GetString());
        Assert.Equal("in/photo.jpg", record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        Assert.Equal(1234, record.GetProperty("s3").GetProperty("object").GetProperty("size").GetInt64());
        var empty = JsonDocument.Parse(await server.Cli.RunOkAsync("sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "1")
            is { Length: > 0 } text ? text : "{}").RootElement;
        Assert.False(empty.TryGetProperty("Messages", out _), "the upload outside the prefix must not reach the queue");
    }

    [Fact]
    public async Task QueueConfiguration_QueueMissingOrFifo_RefusedWithInvalidArgumentAndNothingStored()
    {
        var bucket = SluiceServerFixture.UniqueBucket("bad-queue");
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        var (_, fifoArn) = await CreateQueueAsync("events", fifo: true);
        foreach (var arn in new[] { "arn:aws:sqs:us-east-1:000000000000:no-such-queue", fifoArn })
        {
            var configuration = $$$"""{"QueueConfigurations": [{"QueueArn": "{{arn}}", "Events": ["s3:ObjectCreated:*"]}]}""";
            var refused = await server.Cli.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration", configuration);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("InvalidArgument", refused.Stderr);
        }
        var stored = await server.Cli.RunOkAsync("s3api", "get-bucket-notification-configuration", "--bucket", bucket);
        Assert.DoesNotContain("QueueConfigurations", stored);
    }

    private async Task<(string Url, string Arn)> CreateQueueAsync(string purpose, bool fifo = false)
    {
        var name = $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 9)] + (fifo ? ".fifo" : "");
        string[] attributes = fifo ? ["--attributes", "FifoQueue=true"] : [];
        var url = JsonDocument.Parse(await server.Cli.RunOkAsync(["sqs", "create-queue", "--queue-name", name, .. attributes]))
            .RootElement.GetProperty("QueueUrl").GetString()!;
        var arn = JsonDocument.Parse(await server.Cli.RunOkAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "QueueArn"))
            .RootElement.GetProperty("Attributes").GetProperty("QueueArn").GetString()!;
        return (url, arn);
    }

    private async Task<(JsonElement Body, JsonElement Message)> ReceiveOneAsync(string queueUrl)
    {
        var received = JsonDocument.Parse(await server.Cli.RunOkAsync("sqs", "receive-message", "--queue-url", queueUrl,
            "--wait-time-seconds", "10", "--attribute-names", "All")).RootElement;
        var message = Assert.Single(received.GetProperty("Messages").EnumerateArray());
        await server.Cli.RunOkAsync("sqs", "delete-message", "--queue-url", queueUrl, "--receipt-handle", message.GetProperty("ReceiptHandle").GetString()!);
        return (JsonDocument.Parse(message.GetProperty("Body").GetString()!).RootElement, message);
    }
}
