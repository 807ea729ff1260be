using System.Diagnostics;
using System.Text;
using Sluice.Bench.Harness;
using Sluice.Functions;
using Sluice.Functions.Async;
using Sluice.Hosting;

namespace Sluice.Bench.Events;

/// <summary>
/// S3 events to functions, end to end, through the real HTTP front of an in-process server: the time from
/// an upload's acknowledgement to its handler starting, events handled per second with reserved
/// concurrency 1 and unlimited, and upload throughput with and without a notification configured (the
/// baseline, measured in the same run, in alternating rounds). Handlers are no-op Node.js functions that
/// append the key and the time they started to a file. Every path is warmed until the JIT is quiet first.
/// An event counts as handled once its key is in that file and its completion is recorded (the function's
/// queue is empty): events/s runs from the first upload sent to the last completion recorded.
/// </summary>
public static class EventsBenchmark
{
    private const int Uploaders = 8;
    private static readonly byte[] Body = new byte[1024];

    public static async Task RunAsync(TextWriter output, bool quick, CancellationToken cancellationToken)
    {
        var folder = new TempFolder("sluice-bench-events-");
        var server = await InProcessSluice.StartAsync(folder.NewFolder("data"), cancellationToken);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = server.Endpoint };
            var bench = new Session(http, folder, server.Services.GetRequiredService<AsyncInvocationQueue>());
            // Short upload phases in several alternating rounds: a slow moment of the machine then falls on both kinds.
            var (latencyCount, burst, phase, rounds) = quick ? (50, 300, TimeSpan.FromSeconds(2), 1) : (300, 2000, TimeSpan.FromSeconds(2), 6);

            var plain = new List<UploadPhase>();
            var notified = new List<UploadPhase>();
            var warmUp = await bench.WarmUpAsync();
            var latency = await bench.AckToHandlerAsync(latencyCount);
            var one = await bench.EventsPerSecondAsync("one", reservedConcurrency: 1, burst);
            var many = await bench.EventsPerSecondAsync("many", reservedConcurrency: null, burst);
            await bench.CreateBucketAsync("plain");
            var notifiedRecords = await bench.CreateFunctionAndBucketAsync("notified", reservedConcurrency: null);
            await bench.WarmFunctionAsync("notified", notifiedRecords);
            for (var round = 0; round < rounds; round++)
            {
                plain.Add(await bench.UploadPhaseAsync("plain", records: null, phase));
                notified.Add(await bench.UploadPhaseAsync("notified", notifiedRecords, phase));
            }
            var plainRate = UploadPhase.Rate(plain);
            var notifiedRate = UploadPhase.Rate(notified);

            output.WriteLine("events: S3 ObjectCreated:Put -> no-op Node.js function (async, durable hand-off in the write's transaction)");
            output.WriteLine($"  ack -> handler start (warm, one at a time, n={latency.Count})   p50 {Percentiles.Of(latency, 0.50):F2} ms   p99 {Percentiles.Of(latency, 0.99):F2} ms   (targets p50 <= 5 ms, p99 <= 20 ms)");
            output.WriteLine($"  events handled, reserved concurrency 1   {one.PerSecond:F0} events/s   ({one.Describe(burst)})   (target >= 1,000)");
            output.WriteLine($"  events handled, unlimited concurrency    {many.PerSecond:F0} events/s   ({many.Describe(burst)})   (target >= 1,000)");
            output.WriteLine($"  1 KiB uploads, {Uploaders} clients, no notification   {plainRate:F0} ops/s   (baseline; {UploadPhase.Describe(plain)})");
            var roundRatios = plain.Zip(notified, (p, n) => n.Uploads / n.Duration.TotalSeconds / (p.Uploads / p.Duration.TotalSeconds)).Order().ToList();
            output.WriteLine($"  1 KiB uploads, {Uploaders} clients, notification on   {notifiedRate:F0} ops/s   {notifiedRate / plainRate:P0} of baseline   (target >= 80 %; {UploadPhase.Describe(notified)})");
            output.WriteLine($"    {rounds} alternating rounds of {phase.TotalSeconds:F0} s; the rounds' own ratios ran from {roundRatios[0]:P0} to {roundRatios[^1]:P0}");
            output.WriteLine($"  warm-up until JIT quiet {warmUp.TotalSeconds:F1} s   load {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            await server.DisposeAsync();
            folder.Dispose();
        }
    }

    /// <summary>A burst's figures: events/s end to end, and CPU per event of this process (server and client) and of the handlers' processes.</summary>
    private sealed record BurstResult(double PerSecond, double ProcessCpuUs, double HandlersCpuUs, int Duplicates)
    {
        public string Describe(int events) =>
            $"{events} events, CPU per event: sluice+client {ProcessCpuUs:F0} us, handlers {HandlersCpuUs:F0} us" +
            (Duplicates > 0 ? $", {Duplicates} delivered twice" : "");
    }

    /// <summary>One timed upload phase, with what its events did: handled during the phase, and how long the rest took to drain.</summary>
    private sealed record UploadPhase(long Uploads, TimeSpan Duration, double ProcessCpuUs, int EventsDuringPhase, TimeSpan Drain)
    {
        public static double Rate(List<UploadPhase> phases) =>
            phases.Sum(p => p.Uploads) / phases.Sum(p => p.Duration.TotalSeconds);

        public static string Describe(List<UploadPhase> phases)
        {
            var uploads = phases.Sum(p => p.Uploads);
            var text = $"CPU per upload: sluice+client {phases.Sum(p => p.ProcessCpuUs * p.Uploads) / uploads:F0} us";
            if (phases.All(p => p.EventsDuringPhase == 0)) return text;
            return text + $"; events handled during the phase {phases.Sum(p => p.EventsDuringPhase) / phases.Sum(p => p.Duration.TotalSeconds):F0}/s," +
                $" the rest drained in {string.Join(" / ", phases.Select(p => $"{p.Drain.TotalSeconds:F1} s"))}";
        }
    }

    private sealed class Session(HttpClient http, TempFolder folder, AsyncInvocationQueue queue)
    {
        private int _uploadRound;

        /// <summary>Uploads with and without a notification, handlers running meanwhile, until the JIT is quiet.</summary>
        public async Task<TimeSpan> WarmUpAsync()
        {
            var records = await CreateFunctionAndBucketAsync("warm", reservedConcurrency: null);
            await CreateBucketAsync("warm-plain");
            var next = 0;
            var elapsed = await JitWarmUp.UntilQuietAsync(() => Task.WhenAll(Enumerable.Range(0, Uploaders).Select(client =>
                PutAsync(client % 2 == 0 ? "warm" : "warm-plain", $"w-{Interlocked.Increment(ref next)}"))));
            await WaitForDrainAsync("warm");
            return elapsed;
        }

        public async Task<List<double>> AckToHandlerAsync(int count)
        {
            var records = await CreateFunctionAndBucketAsync("latency", reservedConcurrency: null);
            for (var i = 0; i < 20; i++) await PutAsync("latency", $"warm-{i}");
            await records.WaitUntilAsync(r => r.Keys >= 20, "the warm-up events");

            var latencies = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                var key = $"k-{i}";
                await PutAsync("latency", key);
                var acknowledgedMs = DateTimeOffset.UtcNow.Ticks / (double)TimeSpan.TicksPerMillisecond - DateTimeOffset.UnixEpoch.Ticks / (double)TimeSpan.TicksPerMillisecond;
                await records.WaitUntilAsync(r => r.Contains(key), key);
                latencies.Add(records.StartOf(key) - acknowledgedMs);
            }
            latencies.Sort();
            return latencies;
        }

        /// <summary>Uploads a burst with 8 clients; events/s = events / (first upload sent -> every event handled and its completion recorded).</summary>
        public async Task<BurstResult> EventsPerSecondAsync(string name, int? reservedConcurrency, int count)
        {
            var records = await CreateFunctionAndBucketAsync(name, reservedConcurrency);
            await WarmFunctionAsync(name, records);

            var linesBefore = records.Lines;
            var cpu = CpuSample.Take();
            var started = Stopwatch.GetTimestamp();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Uploaders).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                    await PutAsync(name, $"burst-{i}");
            }));
            await records.WaitUntilAsync(r => r.Keys >= 8 + count, "every event of the burst");
            await WaitForDrainAsync(name);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var (processCpu, handlersCpu) = CpuSample.Take().Since(cpu);
            return new BurstResult(count / elapsed.TotalSeconds, processCpu.TotalMicroseconds / count, handlersCpu.TotalMicroseconds / count,
                records.Lines - linesBefore - count);
        }

        /// <summary>Starts the function's environment: 8 events, handled and their completions recorded.</summary>
        public async Task WarmFunctionAsync(string name, HandlerRecords records)
        {
            var before = records.Keys;
            for (var i = 0; i < 8; i++) await PutAsync(name, $"warm-{i}");
            await records.WaitUntilAsync(r => r.Keys >= before + 8, "the warm-up events");
            await WaitForDrainAsync(name);
        }

        /// <summary>Uploads with 8 clients for the duration; to a bucket with a notification, then waits for the events left behind.</summary>
        public async Task<UploadPhase> UploadPhaseAsync(string name, HandlerRecords? records, TimeSpan duration)
        {
            var round = _uploadRound++;
            var keysBefore = records?.Keys ?? 0;
            long done = 0;
            var cpu = CpuSample.Take();
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, Uploaders).Select(async client =>
            {
                for (var i = 0; Stopwatch.GetTimestamp() < until; i++)
                {
                    await PutAsync(name, $"r{round}-c{client}-{i}");
                    Interlocked.Increment(ref done);
                }
            }));
            var elapsed = Stopwatch.GetElapsedTime(started);
            var (processCpu, _) = CpuSample.Take().Since(cpu);
            if (records is null)
                return new UploadPhase(done, elapsed, processCpu.TotalMicroseconds / done, 0, TimeSpan.Zero);
            records.Refresh();
            var duringPhase = records.Keys - keysBefore;
            var drainStarted = Stopwatch.GetTimestamp();
            await records.WaitUntilAsync(r => r.Keys >= keysBefore + done, "the phase's events");
            await WaitForDrainAsync(name);
            return new UploadPhase(done, elapsed, processCpu.TotalMicroseconds / done, duringPhase, Stopwatch.GetElapsedTime(drainStarted));
        }

        /// <summary>Waits until the function's queue is empty: every completion recorded (polled every millisecond).</summary>
        private async Task WaitForDrainAsync(string function)
        {
            var deadline = Stopwatch.GetTimestamp() + 120 * Stopwatch.Frequency;
            while (queue.Depth(function) > 0)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                    throw new BenchmarkException($"{function}'s queue did not drain within 120 s");
                await Task.Delay(1);
            }
        }

        public Task CreateBucketAsync(string name) => SignedHttp.SendAsync(http, HttpMethod.Put, "/" + name, [], "s3");

        public async Task<HandlerRecords> CreateFunctionAndBucketAsync(string name, int? reservedConcurrency)
        {
            var records = new HandlerRecords(Path.Combine(folder.NewFolder("records-" + name), "started.txt"));
            var zip = FunctionPackage.ZipBase64("index.js", """
                const fs = require('fs');
                exports.handler = async (event) => {
                  const started = performance.timeOrigin + performance.now();
                  fs.appendFileSync(process.env.RECORDS, event.Records[0].s3.object.key + ' ' + started.toFixed(3) + '\n');
                };
                """);
            await SignedHttp.SendAsync(http, HttpMethod.Post, "/2015-03-31/functions", Encoding.UTF8.GetBytes($$$"""
                {"FunctionName":"{{{name}}}","Runtime":"nodejs20.x","Role":"arn:aws:iam::000000000000:role/bench","Handler":"index.handler",
                 "Timeout":30,"Environment":{"Variables":{"RECORDS":"{{{records.Path}}}"}},"Code":{"ZipFile":"{{{zip}}}"}}
                """), "lambda", "application/json");
            if (reservedConcurrency is { } limit)
                await SignedHttp.SendAsync(http, HttpMethod.Put, $"/2017-10-31/functions/{name}/concurrency",
                    Encoding.UTF8.GetBytes($$$"""{"ReservedConcurrentExecutions":{{{limit}}}}"""), "lambda", "application/json");
            await CreateBucketAsync(name);
            await SignedHttp.SendAsync(http, HttpMethod.Put, $"/{name}?notification", Encoding.UTF8.GetBytes($"""
                <NotificationConfiguration><CloudFunctionConfiguration><Id>bench</Id>
                <CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:{name}</CloudFunction>
                <Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration></NotificationConfiguration>
                """), "s3");
            return records;
        }

        private Task PutAsync(string bucket, string key) =>
            SignedHttp.SendAsync(http, HttpMethod.Put, $"/{bucket}/{key}", Body, "s3");
    }

    /// <summary>CPU used so far by this process (server and client) and by its children (the handlers' runtimes).</summary>
    private sealed record CpuSample(TimeSpan Process, TimeSpan Handlers)
    {
        public static CpuSample Take() => new(Environment.CpuUsage.TotalTime,
            TimeSpan.FromTicks(ProcFs.ChildProcessIds(Environment.ProcessId).Sum(pid => ProcFs.CpuTime(pid).Ticks)));

        public (TimeSpan Process, TimeSpan Handlers) Since(CpuSample before) => (Process - before.Process, Handlers - before.Handlers);
    }

}
