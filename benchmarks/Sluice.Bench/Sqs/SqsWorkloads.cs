using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Sqs;

/// <summary>The SQS workloads, each run the same way against whichever server the client points at.</summary>
public static class SqsWorkloads
{
    /// <summary>A message body of the size an S3 event notification's pointer or a small job has.</summary>
    private static readonly string Body = new('m', 200);

    /// <summary>SendMessage from <paramref name="clients"/> clients, one request at a time each, for the duration; returns msgs/s.</summary>
    public static Task<double> SendAsync(SqsJsonClient client, string queueUrl, int clients, TimeSpan duration)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { QueueUrl = queueUrl, MessageBody = Body });
        return RateAsync(clients, duration, async () =>
        {
            (await client.CallAsync("SendMessage", body)).Dispose();
            return 1;
        });
    }

    /// <summary>SendMessageBatch of 10 entries from <paramref name="clients"/> clients; returns msgs/s.</summary>
    public static Task<double> SendBatchAsync(SqsJsonClient client, string queueUrl, int clients, TimeSpan duration)
    {
        var entries = Enumerable.Range(0, 10).Select(i => new { Id = $"e{i}", MessageBody = Body }).ToArray();
        var body = JsonSerializer.SerializeToUtf8Bytes(new { QueueUrl = queueUrl, Entries = entries });
        return RateAsync(clients, duration, async () =>
        {
            using var answer = await client.CallAsync("SendMessageBatch", body);
            return answer.RootElement.TryGetProperty("Successful", out var successful) ? successful.GetArrayLength() : 0;
        });
    }

    /// <summary>
    /// Each client sends a message, receives one (short wait) and deletes what it received: the full life of a message,
    /// three requests. Returns messages deleted per second.
    /// </summary>
    public static Task<double> CycleAsync(SqsJsonClient client, string queueUrl, int clients, TimeSpan duration)
    {
        var send = JsonSerializer.SerializeToUtf8Bytes(new { QueueUrl = queueUrl, MessageBody = Body });
        var receive = JsonSerializer.SerializeToUtf8Bytes(new { QueueUrl = queueUrl, MaxNumberOfMessages = 1, WaitTimeSeconds = 1 });
        return RateAsync(clients, duration, async () =>
        {
            (await client.CallAsync("SendMessage", send)).Dispose();
            using var received = await client.CallAsync("ReceiveMessage", receive);
            var deleted = 0;
            if (received.RootElement.TryGetProperty("Messages", out var messages))
            {
                foreach (var message in messages.EnumerateArray())
                {
                    var handle = message.GetProperty("ReceiptHandle").GetString();
                    (await client.CallAsync("DeleteMessage", new { QueueUrl = queueUrl, ReceiptHandle = handle })).Dispose();
                    deleted++;
                }
            }
            return deleted;
        });
    }

    /// <summary>
    /// A receiver waits in a long poll (20 s); once it is parked a message is sent. The figure is the time from the send's
    /// acknowledgement to the receive's return, in milliseconds, sorted.
    /// </summary>
    public static async Task<List<double>> LongPollWakeAsync(SqsJsonClient client, string queueUrl, int samples)
    {
        var receive = JsonSerializer.SerializeToUtf8Bytes(new { QueueUrl = queueUrl, MaxNumberOfMessages = 1, WaitTimeSeconds = 20 });
        var latencies = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var receiving = Task.Run(async () =>
            {
                var answer = await client.CallAsync("ReceiveMessage", receive);
                return (Answer: answer, At: Stopwatch.GetTimestamp());
            });
            // Long enough for the request to reach the server and park; the figure starts at the send's acknowledgement anyway.
            await Task.Delay(20);
            (await client.CallAsync("SendMessage", new { QueueUrl = queueUrl, MessageBody = $"wake-{i}" })).Dispose();
            var acknowledged = Stopwatch.GetTimestamp();
            var (answer, at) = await receiving;
            using (answer)
            {
                if (!answer.RootElement.TryGetProperty("Messages", out var messages) || messages.GetArrayLength() != 1)
                    throw new BenchmarkException($"A long poll returned without the message sent to wake it: {answer.RootElement}");
                var handle = messages[0].GetProperty("ReceiptHandle").GetString();
                (await client.CallAsync("DeleteMessage", new { QueueUrl = queueUrl, ReceiptHandle = handle })).Dispose();
            }
            latencies.Add(Stopwatch.GetElapsedTime(acknowledged, at).TotalMilliseconds);
        }
        latencies.Sort();
        return latencies;
    }

    private static async Task<double> RateAsync(int clients, TimeSpan duration, Func<Task<int>> operation)
    {
        long done = 0;
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until)
                Interlocked.Add(ref done, await operation());
        })));
        return done / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The body's length, for the report.</summary>
    public static int BodyBytes => Encoding.UTF8.GetByteCount(Body);
}
