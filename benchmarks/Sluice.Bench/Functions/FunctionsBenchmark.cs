using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
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
        var app = SluiceServer.Build(new SluiceOptions
        {
            Host = "127.0.0.1", Port = 0, DataPath = data, AccessKey = "test", SecretKey = "test", CredentialsAreDefault = true,
        });
        await app.StartAsync(cancellationToken);
        try
        {
            var endpoint = app.Urls.First();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(endpoint) };
            var zip = Convert.ToBase64String(Zip("index.js", "exports.handler = async () => process.pid;"));
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
            output.WriteLine($"  warm invoke latency      p50 {Percentile(latencies, 0.50):F3} ms   p99 {Percentile(latencies, 0.99):F3} ms   (target p50 <= 1 ms)");
            output.WriteLine($"  throughput c=1           {c1:F0} inv/s");
            output.WriteLine($"  throughput c=8           {c8:F0} inv/s   (target >= 1500)");
            output.WriteLine($"  CPU per invocation, c=8  server+client {serverCpu:F0} us   environments {runtimeCpu:F0} us   ({environments.Count} environments)");
            output.WriteLine($"  warm-up until JIT quiet  c=1 {warmC1.TotalSeconds:F1} s   c=8 {warmC8.TotalSeconds:F1} s   load {File.ReadAllText("/proc/loadavg").Trim()}");
            output.WriteLine($"  cold start (invoke)      median {Median(coldInvoke):F1} ms   baseline `node -e 0` median {Median(nodeStart):F1} ms   overhead {Median(coldInvoke) - Median(nodeStart):F1} ms   (target <= +30 ms)");
            output.WriteLine($"  warm environment RSS     {RssMb(pid):F1} MB (pid {pid})");
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
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
        using var request = Signed(HttpMethod.Post, "/2015-03-31/functions/noop/invocations", "{}", http.BaseAddress!);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error"))
            throw new InvalidOperationException($"invoke failed: {(int)response.StatusCode} {body}");
        return body;
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, string body, int expected)
    {
        using var request = Signed(method, path, body, http.BaseAddress!);
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

    /// <summary>SigV4 (service lambda), as the SDKs sign, so the figures include what authentication costs once it is on.</summary>
    private static HttpRequestMessage Signed(HttpMethod method, string path, string body, Uri baseAddress)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];
        var host = $"{baseAddress.Host}:{baseAddress.Port}";
        var canonical = $"{method.Method}\n{path}\n\nhost:{host}\nx-amz-content-sha256:{payloadHash}\nx-amz-date:{amzDate}\n\nhost;x-amz-content-sha256;x-amz-date\n{payloadHash}";
        var scope = $"{day}/us-east-1/lambda/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4test");
        foreach (var part in new[] { day, "us-east-1", "lambda", "aws4_request" })
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=test/{scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature}");
        return request;
    }

    private static byte[] Zip(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(archive.CreateEntry(name).Open()))
            writer.Write(content);
        return buffer.ToArray();
    }

    private static double RssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
    }

    private static double Median(List<double> values) => Percentile([.. values.Order()], 0.5);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

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
