using Sluice.Bench.Harness;

namespace Sluice.Bench.Storage;

/// <summary>What one measured window of one workload on one server did, and what it cost in CPU.</summary>
public sealed record RoundResult(long Operations, long Bytes, CpuUsage Cpu, LatencySample Latencies)
{
    public double OperationsPerSecond => Operations / Cpu.Wall.TotalSeconds;
    public double MegabytesPerSecond => Bytes / 1e6 / Cpu.Wall.TotalSeconds;

    public double Rate(Headline headline) =>
        headline == Headline.OperationsPerSecond ? OperationsPerSecond : MegabytesPerSecond;

    public static RoundResult Combine(IReadOnlyList<RoundResult> rounds)
    {
        var latencies = new LatencySample();
        foreach (var round in rounds) latencies.Add(round.Latencies);
        return new RoundResult(
            rounds.Sum(round => round.Operations),
            rounds.Sum(round => round.Bytes),
            rounds.Aggregate(default(CpuUsage), (sum, round) => sum + round.Cpu),
            latencies);
    }
}
