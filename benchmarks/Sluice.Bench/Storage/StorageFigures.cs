using Sluice.Bench.Harness;

namespace Sluice.Bench.Storage;

/// <summary>Turns raw measurements into the report's figures.</summary>
public static class StorageFigures
{
    public static StartupSide Startup(IReadOnlyList<StartupProbe.Start> starts)
    {
        var milliseconds = starts.Select(start => start.ToHealthy.TotalMilliseconds).ToArray();
        var megabytes = starts.Select(start => start.IdleResidentBytes / 1e6).ToArray();
        var reported = starts.Where(start => start.ReportedReadyMilliseconds is not null)
            .Select(start => (double)start.ReportedReadyMilliseconds!.Value).ToArray();
        return new StartupSide(
            Median(milliseconds), milliseconds.Min(), milliseconds.Max(), reported.Length > 0 ? Median(reported) : null,
            Median(megabytes), megabytes.Min(), megabytes.Max());
    }

    public static WorkloadFigures Workload(Workload workload, IReadOnlyList<RoundResult> sluice, IReadOnlyList<RoundResult> floor)
    {
        var sluiceAll = RoundResult.Combine(sluice);
        var floorAll = RoundResult.Combine(floor);
        var roundRatios = sluice.Zip(floor, (s, f) => s.Rate(workload.Headline) / f.Rate(workload.Headline)).ToArray();
        return new WorkloadFigures(
            workload.Name, workload.Objects.Bytes, workload.Concurrency, workload.Rounds, workload.Headline,
            Side(sluiceAll, sluice, workload.Headline), Side(floorAll, floor, workload.Headline),
            sluiceAll.Rate(workload.Headline) / floorAll.Rate(workload.Headline), roundRatios.Min(), roundRatios.Max(),
            workload.TargetRatio);
    }

    private static SideFigures Side(RoundResult result, IReadOnlyList<RoundResult> rounds, Headline headline)
    {
        var cpu = result.Cpu;
        double PerOperation(TimeSpan time) => result.Operations > 0 ? time.TotalMicroseconds / result.Operations : 0;
        return new SideFigures(
            result.Operations, cpu.Wall.TotalSeconds, result.OperationsPerSecond, result.MegabytesPerSecond,
            result.Latencies.Percentile(50).TotalMilliseconds, result.Latencies.Percentile(99).TotalMilliseconds,
            CpuUsage.PercentOfCore(cpu.Client, cpu.Wall), PerOperation(cpu.Client),
            CpuUsage.PercentOfCore(cpu.Server, cpu.Wall), PerOperation(cpu.Server),
            CpuUsage.PercentOfCore(cpu.Others, cpu.Wall),
            rounds.Select(round => round.Rate(headline)).ToArray());
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
