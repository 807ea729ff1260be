using Sluice.Bench.Harness;
using Sluice.Hosting;

namespace Sluice.Bench.Sqs;

/// <summary>
/// SQS through its JSON 1.0 protocol, Sluice (durable: every acknowledged send and delete is fsynced) beside moto's
/// server (in memory) driven by the same lean client in the same run, in alternating rounds so that a slow moment of
/// the machine falls on both. Each workload gets a new queue on each server.
/// </summary>
public static class SqsBenchmark
{
    public static async Task RunAsync(TextWriter output, bool quick, CancellationToken cancellationToken)
    {
        var (phase, rounds, wakeSamples) = quick ? (TimeSpan.FromSeconds(1), 1, 30) : (TimeSpan.FromSeconds(3), 2, 200);
        using var folder = new TempFolder("sluice-bench-sqs-");
        await using var server = await InProcessSluice.StartAsync(folder.NewFolder("data"), cancellationToken);
        await using var moto = await MotoServer.StartAsync(cancellationToken);
        using var sluice = SqsJsonClient.For(server.Endpoint);
        using var peer = SqsJsonClient.For(moto.Endpoint);
        var targets = new[] { new Target("sluice", sluice), new Target("moto", peer) };
        var queues = 0;
        async Task<string> NewQueueAsync(SqsJsonClient client) => await client.CreateQueueAsync($"bench-{Interlocked.Increment(ref queues)}");

        var warmUp = await JitWarmUp.UntilQuietAsync(async () =>
        {
            var url = await NewQueueAsync(sluice);
            await SqsWorkloads.CycleAsync(sluice, url, clients: 8, TimeSpan.FromMilliseconds(300));
            await SqsWorkloads.SendBatchAsync(sluice, url, clients: 8, TimeSpan.FromMilliseconds(200));
        });

        var rows = new List<(string Name, string Target, Dictionary<string, double> Rates)>
        {
            ("SendMessage, 1 client", "", new()),
            ("SendMessage, 8 clients", ">= 5,000 msgs/s", new()),
            ("SendMessageBatch (10), 8 clients", ">= 20,000 msgs/s", new()),
            ("send -> receive -> delete, 8 clients", "", new()),
        };
        for (var round = 0; round < rounds; round++)
        {
            foreach (var target in targets)
            {
                Add(rows[0].Rates, target.Name, await SqsWorkloads.SendAsync(target.Client, await NewQueueAsync(target.Client), 1, phase));
                Add(rows[1].Rates, target.Name, await SqsWorkloads.SendAsync(target.Client, await NewQueueAsync(target.Client), 8, phase));
                Add(rows[2].Rates, target.Name, await SqsWorkloads.SendBatchAsync(target.Client, await NewQueueAsync(target.Client), 8, phase));
                Add(rows[3].Rates, target.Name, await SqsWorkloads.CycleAsync(target.Client, await NewQueueAsync(target.Client), 8, phase));
            }
        }
        using var http = new HttpClient { BaseAddress = sluice.Endpoint };
        var uploadToHandler = await UploadToMappingLatency.MeasureAsync(http, folder, quick ? 30 : 200);
        var wake = new Dictionary<string, List<double>>();
        foreach (var target in targets)
            wake[target.Name] = await SqsWorkloads.LongPollWakeAsync(target.Client, await NewQueueAsync(target.Client), wakeSamples);

        output.WriteLine($"sqs: JSON 1.0 protocol, {SqsWorkloads.BodyBytes} B bodies; Sluice durable (fsync per group commit) beside moto {MotoVersion()} (in memory), same client, {rounds} alternating round(s) of {phase.TotalSeconds:F0} s");
        foreach (var (name, goal, rates) in rows)
        {
            var ratio = rates["sluice"] / rates["moto"];
            output.WriteLine($"  {name,-38} sluice {rates["sluice"] / rounds,8:F0} msgs/s   moto {rates["moto"] / rounds,7:F0} msgs/s   {ratio,5:F1}x moto" +
                (goal.Length > 0 ? $"   (target {goal}, >= 10x moto)" : "   (target >= 10x moto)"));
        }
        foreach (var target in targets)
        {
            var samples = wake[target.Name];
            output.WriteLine($"  long-poll wake, send ack -> receive returns ({target.Name}, n={samples.Count})   p50 {Percentiles.Of(samples, 0.50):F2} ms   p99 {Percentiles.Of(samples, 0.99):F2} ms" +
                (target.Name == "sluice" ? "   (target p50 <= 1 ms)" : ""));
        }
        output.WriteLine($"  S3 upload ack -> queue -> event source mapping -> handler start (warm, one at a time, n={uploadToHandler.Count})   p50 {Percentiles.Of(uploadToHandler, 0.50):F2} ms   p99 {Percentiles.Of(uploadToHandler, 0.99):F2} ms   (target p50 <= 10 ms; moto runs no functions)");
        output.WriteLine($"  warm-up until JIT quiet {warmUp.TotalSeconds:F1} s   load {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private sealed record Target(string Name, SqsJsonClient Client);

    private static void Add(Dictionary<string, double> rates, string target, double rate) =>
        rates[target] = rates.GetValueOrDefault(target) + rate;

    private static string MotoVersion()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("python3", ["-c", "import moto; print(moto.__version__)"])
            {
                RedirectStandardOutput = true,
            })!;
            var version = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return version;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "(version unknown)";
        }
    }
}
