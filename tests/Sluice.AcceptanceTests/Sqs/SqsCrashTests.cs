using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.AcceptanceTests.Infrastructure;
using Xunit.Abstractions;

namespace Sluice.AcceptanceTests.Sqs;

/// <summary>
/// SIGKILL while eight clients send and a consumer receives and deletes: every acknowledged send is delivered, an
/// acknowledged delete never comes back, and each FIFO group's first deliveries keep the order it was sent in.
/// </summary>
public sealed class SqsCrashTests(ITestOutputHelper output)
{
    private const int Messages = 2000;
    private const int Senders = 8;
    private const int PerSender = Messages / Senders;
    private const int KillAfterAcknowledged = 700;

    /// <summary>Short, so that what was in flight at the kill comes back soon after the restart; long beside a delete's round trip.</summary>
    private const string VisibilityTimeoutSeconds = "6";

    private sealed record Delivery(string QueueUrl, string MessageId, string Body);

    [Fact]
    public async Task SendReceiveDelete_ServerKilledMidway_AcknowledgedSendsDeliveredAcknowledgedDeletesGoneFifoOrderKept()
    {
        await using var server = new SluiceProcess();
        await server.StartAsync();
        using var sqs = new SqsJsonClient(server.Endpoint);
        var standard = await sqs.CreateQueueAsync("crash-standard", new Dictionary<string, string> { ["VisibilityTimeout"] = VisibilityTimeoutSeconds });
        var fifo = await sqs.CreateQueueAsync("crash-groups.fifo",
            new Dictionary<string, string> { ["FifoQueue"] = "true", ["VisibilityTimeout"] = VisibilityTimeoutSeconds });

        var acknowledged = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var deliveries = new ConcurrentQueue<Delivery>();
        var deleted = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var deliveredAfterDelete = new ConcurrentQueue<string>();
        var killing = false;
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopConsuming = new CancellationTokenSource();

        // A send that fails once the kill began was not acknowledged: it is sent again, with its deduplication id, once the
        // server is back, before the sender's next message, so that a group's send order is the order of its acknowledgements.
        async Task SendAsync(string queueUrl, string body, string? group)
        {
            var request = new JsonObject { ["QueueUrl"] = queueUrl, ["MessageBody"] = body };
            if (group is not null)
            {
                request["MessageGroupId"] = group;
                request["MessageDeduplicationId"] = body.Replace(' ', '-');
            }
            while (true)
            {
                try
                {
                    await sqs.CallAsync("SendMessage", request.DeepClone().AsObject());
                    acknowledged[body] = true;
                    if (acknowledged.Count >= KillAfterAcknowledged) killNow.TrySetResult();
                    return;
                }
                catch (Exception) when (Volatile.Read(ref killing))
                {
                    await restarted.Task;
                }
            }
        }

        // Odd senders each own a FIFO group and send it in order; even senders send to the standard queue.
        var senders = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                if (sender % 2 == 1) await SendAsync(fifo, $"g{sender} {i:D4}", $"g{sender}");
                else await SendAsync(standard, $"s{sender} {i:D4}", null);
            }
        })).ToList();

        async Task ConsumeAsync(string queueUrl)
        {
            while (!stopConsuming.IsCancellationRequested)
            {
                var receivedAt = Stopwatch.GetTimestamp();
                try
                {
                    var received = await sqs.CallAsync("ReceiveMessage", new JsonObject
                    {
                        ["QueueUrl"] = queueUrl,
                        ["MaxNumberOfMessages"] = 10,
                        ["WaitTimeSeconds"] = 1,
                    });
                    if (!received.TryGetProperty("Messages", out var messages)) continue;
                    var entries = new JsonArray();
                    var ids = new List<(string MessageId, string Body)>();
                    foreach (var message in messages.EnumerateArray())
                    {
                        var (id, body) = (message.GetProperty("MessageId").GetString()!, message.GetProperty("Body").GetString()!);
                        if (deleted.ContainsKey(id)) deliveredAfterDelete.Enqueue($"{body} ({id})");
                        deliveries.Enqueue(new Delivery(queueUrl, id, body));
                        entries.Add(new JsonObject { ["Id"] = $"e{ids.Count}", ["ReceiptHandle"] = message.GetProperty("ReceiptHandle").GetString() });
                        ids.Add((id, body));
                    }
                    var outcome = await sqs.CallAsync("DeleteMessageBatch", new JsonObject { ["QueueUrl"] = queueUrl, ["Entries"] = entries });
                    // A delete that came after the visibility timeout ended may find the message received again and, as
                    // SQS documents, succeed without deleting it: only a delete within the timeout is a promise.
                    if (Stopwatch.GetElapsedTime(receivedAt) >= TimeSpan.FromSeconds(int.Parse(VisibilityTimeoutSeconds))) continue;
                    foreach (var success in outcome.GetProperty("Successful").EnumerateArray())
                    {
                        var (id, body) = ids[int.Parse(success.GetProperty("Id").GetString()![1..])];
                        deleted[id] = body;
                    }
                }
                catch (Exception) when (Volatile.Read(ref killing))
                {
                    // A receive or delete cut by the kill: what it held comes back after its visibility timeout.
                    await restarted.Task;
                }
            }
        }
        var consumers = new[] { Task.Run(() => ConsumeAsync(standard)), Task.Run(() => ConsumeAsync(fifo)) };

        var clock = Stopwatch.StartNew();
        await killNow.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => !deleted.IsEmpty, TimeSpan.FromSeconds(30), "the consumer to have a delete acknowledged before the kill");
        Volatile.Write(ref killing, true);
        server.Kill();
        var (acknowledgedAtKill, deletedAtKill, deliveredAtKill) = (acknowledged.Count, deleted.Count, deliveries.Count);
        output.WriteLine($"killed after {clock.Elapsed}: {acknowledgedAtKill} sends and {deletedAtKill} deletes acknowledged, {deliveredAtKill} deliveries");
        await server.StartAsync();
        restarted.SetResult();
        output.WriteLine($"restarted after {clock.Elapsed}");

        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(30));
        string Undelivered() => string.Join(", ", acknowledged.Keys.Except(deliveries.Select(d => d.Body)).Order().Take(20));
        await Poll.UntilAsync(async () => Undelivered().Length == 0 && await sqs.HeldAsync(standard) == 0 && await sqs.HeldAsync(fifo) == 0,
            TimeSpan.FromSeconds(40), () => $"both queues to drain; not delivered yet: {Undelivered()}");
        await stopConsuming.CancelAsync();
        await Task.WhenAll(consumers).WaitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"drained after {clock.Elapsed}: {deliveries.Count} deliveries of {acknowledged.Count} messages");

        Assert.Equal(Messages, acknowledged.Count);
        Assert.True(acknowledgedAtKill < Messages && deletedAtKill > 0, "the kill did not come while messages were sent and deleted");
        Assert.Empty(Undelivered());
        Assert.True(deliveredAfterDelete.IsEmpty, $"delivered again after an acknowledged delete: {string.Join(", ", deliveredAfterDelete.Take(20))}");
        var fifoDeliveries = deliveries.Where(d => d.QueueUrl == fifo).Select(d => d.Body).ToList();
        foreach (var group in Enumerable.Range(0, Senders).Where(sender => sender % 2 == 1).Select(sender => $"g{sender}"))
        {
            var firstDeliveries = fifoDeliveries.Where(body => body.StartsWith(group + " ", StringComparison.Ordinal)).Distinct().ToList();
            Assert.Equal(Enumerable.Range(0, PerSender).Select(i => $"{group} {i:D4}"), firstDeliveries);
        }
    }
    [Fact]
    public async Task MessageMoveTask_ServerKilledWhileItRuns_ResumesAfterTheRestartAndMovesEveryMessageBack()
    {
        const int DeadLetters = 5;
        await using var server = new SluiceProcess();
        await server.StartAsync();
        using var sqs = new SqsJsonClient(server.Endpoint);
        var dlq = await sqs.CreateQueueAsync("redrive-dlq");
        var dlqArn = "arn:aws:sqs:us-east-1:000000000000:redrive-dlq";
        var source = await sqs.CreateQueueAsync("redrive-source", new Dictionary<string, string>
        {
            ["RedrivePolicy"] = JsonSerializer.Serialize(new { deadLetterTargetArn = dlqArn, maxReceiveCount = 1 }),
        });
        for (var i = 0; i < DeadLetters; i++)
            await sqs.CallAsync("SendMessage", new JsonObject { ["QueueUrl"] = source, ["MessageBody"] = $"poison {i}" });
        var receive = new JsonObject { ["QueueUrl"] = source, ["MaxNumberOfMessages"] = 10, ["VisibilityTimeout"] = 0 };
        await Poll.UntilAsync(async () =>
        {
            await sqs.CallAsync("ReceiveMessage", receive.DeepClone().AsObject());
            return await sqs.HeldAsync(dlq) == DeadLetters;
        }, TimeSpan.FromSeconds(20), () => "every message to be dead-lettered");

        // One message a second: the task is still running when the server is killed.
        var handle = (await sqs.CallAsync("StartMessageMoveTask", new JsonObject { ["SourceArn"] = dlqArn, ["MaxNumberOfMessagesPerSecond"] = 1 }))
            .GetProperty("TaskHandle").GetString();
        async Task<JsonElement> TaskAsync() => (await sqs.CallAsync("ListMessageMoveTasks", new JsonObject { ["SourceArn"] = dlqArn }))
            .GetProperty("Results")[0];
        await Poll.UntilAsync(async () => (await TaskAsync()).GetProperty("ApproximateNumberOfMessagesMoved").GetInt64() >= 1,
            TimeSpan.FromSeconds(20), () => "the task to move its first message");
        server.Kill();
        await server.StartAsync();

        await Poll.UntilAsync(async () => (await TaskAsync()).GetProperty("Status").GetString() != "RUNNING", TimeSpan.FromSeconds(30),
            () => "the resumed task to finish");
        var finished = await TaskAsync();
        Assert.Equal(handle, finished.GetProperty("TaskHandle").GetString());
        Assert.Equal("COMPLETED", finished.GetProperty("Status").GetString());
        Assert.Equal(DeadLetters, finished.GetProperty("ApproximateNumberOfMessagesMoved").GetInt64());
        Assert.Equal(0, await sqs.HeldAsync(dlq));
        Assert.Equal(DeadLetters, await sqs.HeldAsync(source));
    }
}
