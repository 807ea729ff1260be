using System.Text.Json;

namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>An SQS queue made and read with the real AWS CLI, for tests whose subject sends to it (S3 events, Lambda destinations).</summary>
public sealed record SqsCliQueue(AwsCli Cli, string Url, string Arn)
{
    /// <summary>Creates a queue named after <paramref name="purpose"/> with a unique suffix (and <c>.fifo</c> for a FIFO queue).</summary>
    public static async Task<SqsCliQueue> CreateAsync(AwsCli cli, string purpose, bool fifo = false)
    {
        var name = $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 9)] + (fifo ? ".fifo" : "");
        string[] attributes = fifo ? ["--attributes", "FifoQueue=true"] : [];
        var url = JsonDocument.Parse(await cli.RunOkAsync(["sqs", "create-queue", "--queue-name", name, .. attributes]))
            .RootElement.GetProperty("QueueUrl").GetString()!;
        var arn = JsonDocument.Parse(await cli.RunOkAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "QueueArn"))
            .RootElement.GetProperty("Attributes").GetProperty("QueueArn").GetString()!;
        return new SqsCliQueue(cli, url, arn);
    }

    /// <summary>
    /// Long-polls until exactly one message arrives (at most <paramref name="within"/>), deletes it and returns its body
    /// parsed as JSON beside the whole message (system and message attributes included).
    /// </summary>
    public async Task<(JsonElement Body, JsonElement Message)> ReceiveOneAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var text = await Cli.RunOkAsync("sqs", "receive-message", "--queue-url", Url, "--wait-time-seconds", "10",
                "--attribute-names", "All", "--message-attribute-names", "All");
            if (text.Trim().Length > 0 && JsonDocument.Parse(text).RootElement.TryGetProperty("Messages", out var messages))
            {
                var message = Assert.Single(messages.EnumerateArray()).Clone();
                await Cli.RunOkAsync("sqs", "delete-message", "--queue-url", Url, "--receipt-handle", message.GetProperty("ReceiptHandle").GetString()!);
                return (JsonDocument.Parse(message.GetProperty("Body").GetString()!).RootElement, message);
            }
            Assert.True(DateTime.UtcNow < deadline, $"no message reached {Url} within {within.TotalSeconds:F0} s");
        }
    }

    /// <summary>Whether a short long poll finds the queue empty.</summary>
    public async Task<bool> IsEmptyAsync()
    {
        var text = await Cli.RunOkAsync("sqs", "receive-message", "--queue-url", Url, "--wait-time-seconds", "1");
        return text.Trim().Length == 0 || !JsonDocument.Parse(text).RootElement.TryGetProperty("Messages", out _);
    }
}
