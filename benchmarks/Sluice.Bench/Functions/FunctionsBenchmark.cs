using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sluice.Bench.Harness;
using Sluice.Hosting;

namespace Sluice.Bench.Functions;

/// <summary>
/// Functions figures: warm sync invoke latency (p50/p99) of a no-op Node.js handler, invocations/s at
/// concurrency 1 and 8, CPU per invocation (server and environments: what a shared machine's load does
/// not change), cold start beside `node -e 0` measured in the same run, and a warm environment's RSS.
/// Requests go through the real HTTP front (signed like an SDK) of an in-process server. "Warm" means the
/// JIT has gone quiet: on a busy 2-core machine tiering takes many seconds, and its compilations would
/// otherwise be measured as invoke cost.
/// </summary>
public static class FunctionsBenchmark
{
    public static async Task RunAsync(TextWriter output, TimeSpan? phase = null, CancellationToken cancellationToken = default)
    {
        var duration = phase ?? TimeSpan.FromSeconds(5);
        var data = Directory.CreateTempSubdirectory("sluice-bench-functions-").FullName;
        var server = await InProcessSluice.StartAsync(data, cancellationToken);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = server.Endpoint };
            var zip = FunctionPackage.ZipBase64("index.js", "exports.handler = async () => process.pid;");
            await SendAsync(http, HttpMethod.Post, "/2015-03-31/functions",
                $$$"""{"FunctionName":"noop","Runtime":"nodejs20.x","Role":"arn:aws:iam::000000000000:role/bench","Handler":"index.handler","Code":{"ZipFile":"{{{zip}}}"}}""", 201);

            // Cold start: each configuration change retires the warm environment, so the next invoke starts a new one.
            var nodeStart = new List<double>();
            var coldInvoke = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                nodeStart.Add(await NodeNoopAsync());
                await SendAsync(http, HttpMethod.Put, "/2015-03-31/functions/noop/configuration", $$"""{"Description":"cold {{i}}"}""", 200);
                var started = Stopwatch.GetTimestamp();
                await InvokeAsync(http);
                coldInvoke.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var pid = int.Parse(await InvokeAsync(http), CultureInfo.InvariantCulture);
            var warmC1 = await JitWarmUp.UntilQuietAsync(() => InvokeAsync(http));
            var latencies = new List<double>();
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                await InvokeAsync(http);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            var c1 = latencies.Count / duration.TotalSeconds;
            // Warm eight environments first, so the c=8 figure measures warm invokes, not cold starts.
            var environments = new HashSet<int>();
            await ThroughputAsync(http, 8, TimeSpan.FromSeconds(2), environments);
            var warmC8 = await JitWarmUp.UntilQuietAsync(() => Task.WhenAll(Enumerable.Range(0, 8).Select(_ => InvokeAsync(http))));
            var cpu = CpuSample.Take(environments);
            var c8 = await ThroughputAsync(http, 8, duration, environments);
            var (serverCpu, runtimeCpu) = CpuSample.Take(environments).PerOperation(cpu, c8 * duration.TotalSeconds);

            latencies.Sort();
            output.WriteLine("functions: no-op Node.js handler (nodejs20.x), sync Invoke over HTTP");
            output.WriteLine($"  warm invoke latency      p50 {Percentiles.Of(latencies, 0.50):F3} ms   p99 {Percentiles.Of(latencies, 0.99):F3} ms   (target p50 <= 1 ms)");
            output.WriteLine($"  throughput c=1           {c1:F0} inv/s");
            output.WriteLine($"  throughput c=8           {c8:F0} inv/s   (target >= 1500)");
            output.WriteLine($"  CPU per invocation, c=8  server+client {serverCpu:F0} us   environments {runtimeCpu:F0} us   ({environments.Count} environments)");
            output.WriteLine($"  warm-up until JIT quiet  c=1 {warmC1.TotalSeconds:F1} s   c=8 {warmC8.TotalSeconds:F1} s   load {File.ReadAllText("/proc/loadavg").Trim()}");
            output.WriteLine($"  cold start (invoke)      median {Median(coldInvoke):F1} ms   baseline `node -e 0` median {Median(nodeStart):F1} ms   overhead {Median(coldInvoke) - Median(nodeStart):F1} ms   (target <= +30 ms)");
            output.WriteLine($"  warm environment RSS     {ProcFs.ResidentBytes(pid) / (1024.0 * 1024):F1} MB (pid {pid})");
        }
        finally
        {
            await server.DisposeAsync();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<double> ThroughputAsync(HttpClient http, int concurrency, TimeSpan duration, HashSet<int>? environments = null)
    {
        long count = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                var pid = await InvokeAsync(http);
                Interlocked.Increment(ref count);
                if (environments is not null)
                    lock (environments) environments.Add(int.Parse(pid, CultureInfo.InvariantCulture));
            }
        }));
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<string> InvokeAsync(HttpClient http)
    {
        using var request = SignedHttp.Create(HttpMethod.Post, http.BaseAddress!, "/2015-03-31/functions/noop/invocations", "{}"u8.ToArray(), "lambda", "application/json");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error"))
            throw new InvalidOperationException($"invoke failed: {(int)response.StatusCode} {body}");
        return body;
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, string body, int expected)
    {
        using var request = SignedHttp.Create(method, http.BaseAddress!, path, Encoding.UTF8.GetBytes(body), "lambda", "application/json");
        using var response = await http.SendAsync(request);
        if ((int)response.StatusCode != expected)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<double> NodeNoopAsync()
    {
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add("0");
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> values) => Percentiles.Of([.. values.Order()], 0.5);


    /// <summary>CPU time used so far by this process (the server) and by the environments' processes.</summary>
    private sealed record CpuSample(TimeSpan Server, TimeSpan Runtimes)
    {
        public static CpuSample Take(IEnumerable<int> environments)
        {
            var runtimes = environments.Sum(pid => ProcFs.CpuTime(pid).Ticks);
            using var self = Process.GetCurrentProcess();
            return new CpuSample(self.TotalProcessorTime, TimeSpan.FromTicks(runtimes));
        }

        /// <summary>Microseconds per operation since <paramref name="before"/>: server, environments.</summary>
        public (double Server, double Runtimes) PerOperation(CpuSample before, double operations) =>
            ((Server - before.Server).TotalMicroseconds / operations, (Runtimes - before.Runtimes).TotalMicroseconds / operations);
    }
}
