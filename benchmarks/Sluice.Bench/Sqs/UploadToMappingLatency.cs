using System.Text;
using Sluice.Bench.Events;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Sqs;

/// <summary>
/// The seed's pattern end to end: an upload's event goes to a queue (QueueConfiguration), and an event source mapping
/// (batch size 1) feeds the queue to a no-op Node.js function that appends the key and the time it started. The figure
/// is the time from the upload's acknowledgement to the handler's start, one upload at a time, warm.
/// </summary>
public static class UploadToMappingLatency
{
    private const string Name = "esm-latency";
    private static readonly byte[] Body = new byte[1024];

    public static async Task<List<double>> MeasureAsync(HttpClient http, TempFolder folder, int samples)
    {
        var records = new HandlerRecords(Path.Combine(folder.NewFolder("records-" + Name), "started.txt"));
        await SignedHttp.SendAsync(http, HttpMethod.Post, "/", Encoding.UTF8.GetBytes($$"""{"QueueName":"{{Name}}"}"""), "sqs",
            "application/x-amz-json-1.0", ("X-Amz-Target", "AmazonSQS.CreateQueue"));
        var queueArn = $"arn:aws:sqs:us-east-1:000000000000:{Name}";
        var zip = FunctionPackage.ZipBase64("index.js", """
            const fs = require('fs');
            exports.handler = async (event) => {
              const started = performance.timeOrigin + performance.now();
              for (const message of event.Records) {
                const s3 = JSON.parse(message.body);
                for (const record of s3.Records ?? []) fs.appendFileSync(process.env.RECORDS, record.s3.object.key + ' ' + started.toFixed(3) + '\n');
              }
            };
            """);
        await SignedHttp.SendAsync(http, HttpMethod.Post, "/2015-03-31/functions", Encoding.UTF8.GetBytes($$$"""
            {"FunctionName":"{{{Name}}}","Runtime":"nodejs20.x","Role":"arn:aws:iam::000000000000:role/bench","Handler":"index.handler",
             "Timeout":30,"Environment":{"Variables":{"RECORDS":"{{{records.Path}}}"}},"Code":{"ZipFile":"{{{zip}}}"}}
            """), "lambda", "application/json");
        await SignedHttp.SendAsync(http, HttpMethod.Put, "/" + Name, [], "s3");
        await SignedHttp.SendAsync(http, HttpMethod.Put, $"/{Name}?notification", Encoding.UTF8.GetBytes($"""
            <NotificationConfiguration><QueueConfiguration><Id>bench</Id><Queue>{queueArn}</Queue>
            <Event>s3:ObjectCreated:*</Event></QueueConfiguration></NotificationConfiguration>
            """), "s3");
        await SignedHttp.SendAsync(http, HttpMethod.Post, "/2015-03-31/event-source-mappings", Encoding.UTF8.GetBytes($$"""
            {"FunctionName":"{{Name}}","EventSourceArn":"{{queueArn}}","BatchSize":1}
            """), "lambda", "application/json");

        for (var i = 0; i < 20; i++) await PutAsync(http, $"warm-{i}");
        await records.WaitUntilAsync(r => r.Keys >= 20, "the warm-up uploads");
        var latencies = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var key = $"k-{i}";
            await PutAsync(http, key);
            var acknowledgedMs = DateTimeOffset.UtcNow.Ticks / (double)TimeSpan.TicksPerMillisecond - DateTimeOffset.UnixEpoch.Ticks / (double)TimeSpan.TicksPerMillisecond;
            await records.WaitUntilAsync(r => r.Contains(key), key);
            latencies.Add(records.StartOf(key) - acknowledgedMs);
        }
        latencies.Sort();
        return latencies;
    }

    private static Task PutAsync(HttpClient http, string key) => SignedHttp.SendAsync(http, HttpMethod.Put, $"/{Name}/{key}", Body, "s3");
}
