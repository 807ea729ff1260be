using System.Runtime.InteropServices;
using System.Text.Json;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Storage;

/// <summary>
/// `storage`: start-up time and idle memory of `sluice server`, then S3 PUT and GET of 1 KiB, 1 MiB and
/// 64 MiB objects against Sluice and against the floor, side by side. Progress goes to stderr, the table to stdout.
/// </summary>
public static class StorageBenchmark
{
    /// <param name="objectSizes">Object sizes to run ("1KiB"); none means all.</param>
    public static async Task RunAsync(BenchOptions options, IReadOnlyCollection<string> objectSizes, CancellationToken cancellationToken)
    {
        var plan = StoragePlan.Create(options.Quick, objectSizes);
        var startedAt = DateTimeOffset.UtcNow;
        using var temp = new TempFolder("sluice-bench-");

        var sluiceStarts = new List<StartupProbe.Start>();
        var floorStarts = new List<StartupProbe.Start>();
        for (var i = 0; i < plan.Starts; i++)
        {
            // Alternate the two servers so that a burst of load elsewhere does not fall on one only.
            sluiceStarts.Add(await StartupProbe.MeasureAsync(ServerKind.Sluice, temp, i, cancellationToken));
            floorStarts.Add(await StartupProbe.MeasureAsync(ServerKind.Floor, temp, i, cancellationToken));
            Progress($"start {i + 1}/{plan.Starts}: sluice {sluiceStarts[^1].ToHealthy.TotalMilliseconds:F0} ms, floor {floorStarts[^1].ToHealthy.TotalMilliseconds:F0} ms");
        }
        var startup = new StartupFigures(plan.Starts, StorageFigures.Startup(sluiceStarts), StorageFigures.Startup(floorStarts),
            StoragePlan.StartupTargetMilliseconds, StoragePlan.IdleResidentTargetMegabytes);

        var workloads = new List<WorkloadFigures>();
        await using (var sluice = await StorageTarget.StartAsync(ServerKind.Sluice, temp.NewFolder("sluice"), temp.EmptyFolder, cancellationToken))
        await using (var floor = await StorageTarget.StartAsync(ServerKind.Floor, temp.NewFolder("floor"), temp.EmptyFolder, cancellationToken))
        {
            Progress($"workload servers: sluice pid {sluice.Process.Id} at {sluice.Process.Endpoint}, floor pid {floor.Process.Id} at {floor.Process.Endpoint}");
            // Every path of both servers runs before anything is measured, so that the tiered JIT has
            // compiled them: otherwise the first workload that reaches a path pays for its compilation.
            foreach (var workload in plan.Workloads)
                await WarmUpAsync(workload, sluice, floor, cancellationToken);
            await SettleJitAsync(plan, options.Quick, sluice, floor, cancellationToken);
            Progress("warm-up done");
            foreach (var workload in plan.Workloads)
            {
                var figures = await MeasureAsync(workload, sluice, floor, cancellationToken);
                workloads.Add(figures);
                Progress($"{workload.Name}: sluice/floor {figures.Ratio:F2} ({figures.Sluice.OperationsPerSecond:F0} and {figures.Floor.OperationsPerSecond:F0} ops/s)");
            }
        }

        var report = new StorageReport(startedAt, options.Quick, Conditions(temp.Path), startup, workloads);
        StorageTable.Write(report, Console.Out);
        if (options.JsonPath is { } jsonPath)
        {
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, StorageReportJson.Default.StorageReport), cancellationToken);
            Progress($"figures written to {Path.GetFullPath(jsonPath)}");
        }
    }

    private static async Task WarmUpAsync(Workload workload, StorageTarget sluice, StorageTarget floor, CancellationToken cancellationToken)
    {
        using var onSluice = LoadSession.Open(sluice, workload);
        using var onFloor = LoadSession.Open(floor, workload);
        await onSluice.RunAsync(workload.WarmUp, cancellationToken);
        await onFloor.RunAsync(workload.WarmUp, cancellationToken);
    }

    /// <summary>
    /// Under load the tiered JIT goes on recompiling hot code (instrumented, then optimized) for several
    /// seconds after the first requests, on one of the two cores. Measuring then would charge that
    /// one-time work to whichever server has more code, so the workloads cycle until neither server's
    /// background JIT used more than a trace of CPU during a whole cycle.
    /// </summary>
    private static async Task SettleJitAsync(StoragePlan plan, bool quick, StorageTarget sluice, StorageTarget floor, CancellationToken cancellationToken)
    {
        const long quietTicks = 5;
        var cycleWindow = TimeSpan.FromMilliseconds(500);
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromSeconds(quick ? 10 : 60);
        for (var cycle = 1; ; cycle++)
        {
            var sluiceBefore = ProcFs.BackgroundJitTicks(sluice.Process.Id);
            var floorBefore = ProcFs.BackgroundJitTicks(floor.Process.Id);
            foreach (var workload in plan.Workloads)
            {
                var settling = workload with { WarmUp = cycleWindow };
                await WarmUpAsync(settling, sluice, floor, cancellationToken);
            }
            var sluiceJit = ProcFs.BackgroundJitTicks(sluice.Process.Id) - sluiceBefore;
            var floorJit = ProcFs.BackgroundJitTicks(floor.Process.Id) - floorBefore;
            Progress($"JIT settling, cycle {cycle}: background JIT used {sluiceJit} ticks in sluice, {floorJit} in the floor");
            if ((sluiceJit <= quietTicks && floorJit <= quietTicks) || DateTime.UtcNow > giveUpAt) return;
        }
    }

    private static async Task<WorkloadFigures> MeasureAsync(
        Workload workload, StorageTarget sluice, StorageTarget floor, CancellationToken cancellationToken)
    {
        using var onSluice = LoadSession.Open(sluice, workload);
        using var onFloor = LoadSession.Open(floor, workload);
        var sluiceRounds = new List<RoundResult>();
        var floorRounds = new List<RoundResult>();
        for (var round = 0; round < workload.Rounds; round++)
        {
            sluiceRounds.Add(await onSluice.RunAsync(workload.Window, cancellationToken));
            floorRounds.Add(await onFloor.RunAsync(workload.Window, cancellationToken));
        }
        return StorageFigures.Workload(workload, sluiceRounds, floorRounds);
    }

    private static RunConditions Conditions(string dataRoot) => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        ProcFs.FileSystemOf(dataRoot),
        "in this process: hand-rolled HTTP/1.1, one keep-alive connection per client, every request SigV4-signed "
            + "by Sluice.Auth.SigV4Signer (test/test, us-east-1); the same requests go to the floor, which ignores the signature",
        "x-amz-content-sha256 is the real SHA-256 of the body, computed once per object size before the run",
        "bare Kestrel in a child process, no auth, no catalog: PUT = new file, fsync, rename into place; GET = stream the file");

    private static void Progress(string line) => Console.Error.WriteLine($"[bench] {line}");
}
