using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Sluice.Bench.Harness;
using Sluice.Hosting;

namespace Sluice.Bench.Events;

/// <summary>
/// S3 events to functions, end to end, through the real HTTP front of an in-process server: the time from
/// an upload's acknowledgement to its handler starting, events handled per second with reserved
/// concurrency 1 and unlimited, and upload throughput with and without a notification configured (the
/// baseline, measured in the same run). Handlers are no-op Node.js functions that append the key and the
/// time they started to a file.
/// </summary>
public static class EventsBenchmark
{
    private const int Uploaders = 8;
    private static readonly byte[] Body = new byte[1024];

    public static async Task RunAsync(TextWriter output, bool quick, CancellationToken cancellationToken)
    {
        var folder = new TempFolder("sluice-bench-events-");
        var app = SluiceServer.Build(new SluiceOptions
        {
            Host = "127.0.0.1", Port = 0, DataPath = folder.NewFolder("data"), AccessKey = "test", SecretKey = "test", CredentialsAreDefault = true,
        });
        await app.StartAsync(cancellationToken);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(app.Urls.First()) };
            var bench = new Session(http, folder);
            var (latencyCount, burst, phase) = quick ? (50, 300, TimeSpan.FromSeconds(2)) : (300, 2000, TimeSpan.FromSeconds(6));

            var latency = await bench.AckToHandlerAsync(latencyCount);
            var one = await bench.EventsPerSecondAsync("one", reservedConcurrency: 1, burst);
            var many = await bench.EventsPerSecondAsync("many", reservedConcurrency: null, burst);
            var plain = await bench.UploadThroughputAsync("plain", notify: false, phase);
            var notified = await bench.UploadThroughputAsync("notified", notify: true, phase);

            output.WriteLine("events: S3 ObjectCreated:Put -> no-op Node.js function (async, durable hand-off in the write's transaction)");
            output.WriteLine($"  ack -> handler start (warm, one at a time, n={latency.Count})   p50 {Percentile(latency, 0.50):F2} ms   p99 {Percentile(latency, 0.99):F2} ms   (targets p50 <= 5 ms, p99 <= 20 ms)");
            output.WriteLine($"  events handled, reserved concurrency 1   {one:F0} events/s   ({burst} events)");
            output.WriteLine($"  events handled, unlimited concurrency    {many:F0} events/s   ({burst} events; target >= 1,000)");
            output.WriteLine($"  1 KiB uploads, {Uploaders} clients, no notification   {plain:F0} ops/s   (baseline)");
            output.WriteLine($"  1 KiB uploads, {Uploaders} clients, notification on   {notified:F0} ops/s   {notified / plain:P0} of baseline   (target >= 80 %)");
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            folder.Dispose();
        }
    }

    private sealed class Session(HttpClient http, TempFolder folder)
    {
        public async Task<List<double>> AckToHandlerAsync(int count)
        {
            var records = await CreateFunctionAndBucketAsync("latency", reservedConcurrency: null);
            for (var i = 0; i < 20; i++) await PutAsync("latency", $"warm-{i}");
            await WaitForLinesAsync(records, 20);

            var latencies = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                var key = $"k-{i}";
                await PutAsync("latency", key);
                var acknowledgedMs = DateTimeOffset.UtcNow.Ticks / (double)TimeSpan.TicksPerMillisecond - DateTimeOffset.UnixEpoch.Ticks / (double)TimeSpan.TicksPerMillisecond;
                var lines = await WaitForLinesAsync(records, 21 + i);
                var started = lines.Last(line => line.StartsWith(key + " ", StringComparison.Ordinal));
                latencies.Add(double.Parse(started[(key.Length + 1)..], CultureInfo.InvariantCulture) - acknowledgedMs);
            }
            latencies.Sort();
            return latencies;
        }

        /// <summary>Uploads a burst with 8 clients; events/s = events / (last handler start - first upload sent).</summary>
        public async Task<double> EventsPerSecondAsync(string name, int? reservedConcurrency, int count)
        {
            var records = await CreateFunctionAndBucketAsync(name, reservedConcurrency);
            for (var i = 0; i < 8; i++) await PutAsync(name, $"warm-{i}");
            await WaitForLinesAsync(records, 8);

            var startedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Uploaders).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                    await PutAsync(name, $"burst-{i}");
            }));
            var lines = await WaitForLinesAsync(records, 8 + count);
            var lastMs = lines.Skip(8).Max(line => double.Parse(line[(line.IndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
            return count / ((lastMs - startedMs) / 1000);
        }

        public async Task<double> UploadThroughputAsync(string name, bool notify, TimeSpan duration)
        {
            if (notify) await CreateFunctionAndBucketAsync(name, reservedConcurrency: null);
            else await SignedHttp.SendAsync(http, HttpMethod.Put, "/" + name, [], "s3");
            long done = 0;
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, Uploaders).Select(async client =>
            {
                for (var i = 0; Stopwatch.GetTimestamp() < until; i++)
                {
                    await PutAsync(name, $"c{client}-{i}");
                    Interlocked.Increment(ref done);
                }
            }));
            return done / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        private async Task<string> CreateFunctionAndBucketAsync(string name, int? reservedConcurrency)
        {
            var records = Path.Combine(folder.NewFolder("records-" + name), "started.txt");
            var zip = Convert.ToBase64String(Zip("index.js", """
                const fs = require('fs');
                exports.handler = async (event) => {
                  const started = performance.timeOrigin + performance.now();
                  fs.appendFileSync(process.env.RECORDS, event.Records[0].s3.object.key + ' ' + started.toFixed(3) + '\n');
                };
                """));
            await SignedHttp.SendAsync(http, HttpMethod.Post, "/2015-03-31/functions", Encoding.UTF8.GetBytes($$$"""
                {"FunctionName":"{{{name}}}","Runtime":"nodejs20.x","Role":"arn:aws:iam::000000000000:role/bench","Handler":"index.handler",
                 "Timeout":30,"Environment":{"Variables":{"RECORDS":"{{{records}}}"}},"Code":{"ZipFile":"{{{zip}}}"}}
                """), "lambda", "application/json");
            if (reservedConcurrency is { } limit)
                await SignedHttp.SendAsync(http, HttpMethod.Put, $"/2017-10-31/functions/{name}/concurrency",
                    Encoding.UTF8.GetBytes($$$"""{"ReservedConcurrentExecutions":{{{limit}}}}"""), "lambda", "application/json");
            await SignedHttp.SendAsync(http, HttpMethod.Put, "/" + name, [], "s3");
            await SignedHttp.SendAsync(http, HttpMethod.Put, $"/{name}?notification", Encoding.UTF8.GetBytes($"""
                <NotificationConfiguration><CloudFunctionConfiguration><Id>bench</Id>
                <CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:{name}</CloudFunction>
                <Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration></NotificationConfiguration>
                """), "s3");
            return records;
        }

        private Task PutAsync(string bucket, string key) =>
            SignedHttp.SendAsync(http, HttpMethod.Put, $"/{bucket}/{key}", Body, "s3");

        private static async Task<string[]> WaitForLinesAsync(string path, int count)
        {
            var deadline = Stopwatch.GetTimestamp() + 120 * Stopwatch.Frequency;
            while (true)
            {
                var lines = File.Exists(path) ? await File.ReadAllLinesAsync(path) : [];
                if (lines.Length >= count) return lines;
                if (Stopwatch.GetTimestamp() > deadline)
                    throw new BenchmarkException($"only {lines.Length} of {count} events reached the handler within 120 s");
                await Task.Delay(1);
            }
        }
    }

    private static byte[] Zip(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(archive.CreateEntry(name).Open()))
            writer.Write(content);
        return buffer.ToArray();
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
