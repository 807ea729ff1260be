using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Sqs;

/// <summary>The AWS CLI (v1, which sends AWS JSON 1.0 for SQS) as the README's commands use it.</summary>
public sealed class SqsAwsCliTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>
{
    private readonly AwsCli _aws = new(fixture.Endpoint);

    private async Task<JsonElement> JsonAsync(params string[] arguments) => JsonDocument.Parse(await _aws.RunOkAsync(arguments)).RootElement;

    [Fact]
    public async Task CreateSendReceiveDelete_TheCommandsAUserPastes()
    {
        var name = $"cli-{Guid.NewGuid():N}"[..20];
        var url = (await JsonAsync("sqs", "create-queue", "--queue-name", name, "--attributes", "VisibilityTimeout=20")).GetProperty("QueueUrl").GetString()!;
        var sent = await JsonAsync("sqs", "send-message", "--queue-url", url, "--message-body", "hello",
            "--message-attributes", "{\"origin\":{\"DataType\":\"String\",\"StringValue\":\"api\"}}");
        var received = await JsonAsync("sqs", "receive-message", "--queue-url", url, "--attribute-names", "All", "--message-attribute-names", "All",
            "--wait-time-seconds", "1");
        var message = received.GetProperty("Messages")[0];
        await _aws.RunOkAsync("sqs", "delete-message", "--queue-url", url, "--receipt-handle", message.GetProperty("ReceiptHandle").GetString()!);
        var attributes = await JsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All");
        var listed = await JsonAsync("sqs", "list-queues", "--queue-name-prefix", name);

        Assert.Equal($"{fixture.Endpoint}/000000000000/{name}", url);
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", sent.GetProperty("MD5OfMessageBody").GetString());
        Assert.Equal(sent.GetProperty("MessageId").GetString(), message.GetProperty("MessageId").GetString());
        Assert.Equal(sent.GetProperty("MD5OfMessageAttributes").GetString(), message.GetProperty("MD5OfMessageAttributes").GetString());
        Assert.Equal("api", message.GetProperty("MessageAttributes").GetProperty("origin").GetProperty("StringValue").GetString());
        Assert.Equal(SluiceProcess.AccessKey, message.GetProperty("Attributes").GetProperty("SenderId").GetString());
        Assert.Equal(("20", "0", "0"), (attributes.GetProperty("Attributes").GetProperty("VisibilityTimeout").GetString(),
            attributes.GetProperty("Attributes").GetProperty("ApproximateNumberOfMessages").GetString(),
            attributes.GetProperty("Attributes").GetProperty("ApproximateNumberOfMessagesNotVisible").GetString()));
        Assert.Equal([url], listed.GetProperty("QueueUrls").EnumerateArray().Select(item => item.GetString()));
    }

    [Fact]
    public async Task Errors_MissingQueueAndBadName_CliShowsSqsCodes()
    {
        var missing = await _aws.RunAsync("sqs", "get-queue-url", "--queue-name", "no-such-queue-" + Guid.NewGuid().ToString("N")[..8]);
        var badName = await _aws.RunAsync("sqs", "create-queue", "--queue-name", "bad name");

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("AWS.SimpleQueueService.NonExistentQueue", missing.Stderr);
        Assert.NotEqual(0, badName.ExitCode);
        Assert.Contains("InvalidParameterValue", badName.Stderr);
    }
}
