namespace Sluice.Bench.Storage;

/// <summary>How many start-ups to time and which workloads to run, for the full run and for --quick.</summary>
public sealed record StoragePlan(int Starts, IReadOnlyList<Workload> Workloads)
{
    /// <summary>Start to a 200 from GET /_sluice/health.</summary>
    public const double StartupTargetMilliseconds = 500;
    public const double IdleResidentTargetMegabytes = 80;

    /// <param name="objectSizes">Labels without spaces, "1KiB"; none means every size.</param>
    public static StoragePlan Create(bool quick, IReadOnlyCollection<string> objectSizes)
    {
        TimeSpan S(double full, double short_) => TimeSpan.FromSeconds(quick ? short_ : full);
        var rounds = quick ? 1 : 3;

        // Key rings: 1 KiB objects are cheap, so many keys; bigger ones cycle over few keys, which bounds
        // the disk a run takes to 256 MiB of each size per server.
        var small = new ObjectSet("1 KiB", 1024, 10_000);
        var medium = new ObjectSet("1 MiB", 1024 * 1024, 256);
        var large = new ObjectSet("64 MiB", 64 * 1024 * 1024, 4);

        // A warm-up of zero is still one request per client (JIT, connections, files).
        // Sluice's small PUTs share one catalog fsync (group commit) where the floor pays a file fsync
        // each: hence 1.5×. Everything else should cost little more than the bytes themselves: 90 %.
        Workload[] workloads =
        [
            new(Operation.Put, small, 8, Headline.OperationsPerSecond, S(2, 0.5), S(3, 1), rounds, 1.5),
            new(Operation.Get, small, 8, Headline.OperationsPerSecond, S(2, 0.5), S(3, 1), rounds, 0.9),
            new(Operation.Put, medium, 8, Headline.MegabytesPerSecond, S(1.5, 0.3), S(2, 1), rounds, 0.9),
            new(Operation.Get, medium, 8, Headline.MegabytesPerSecond, S(1.5, 0.3), S(2, 1), rounds, 0.9),
            new(Operation.Put, large, 2, Headline.MegabytesPerSecond, S(0, 0), S(3, 0.5), rounds, 0.9),
            new(Operation.Get, large, 2, Headline.MegabytesPerSecond, S(0, 0), S(3, 0.5), rounds, 0.9),
        ];
        var chosen = workloads.Where(workload => objectSizes.Count == 0
            || objectSizes.Contains(workload.Objects.CompactLabel, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (chosen.Length == 0)
            throw new Harness.BenchmarkException($"No workload has objects of size {string.Join(", ", objectSizes)}; the sizes are 1KiB, 1MiB and 64MiB.");
        return new StoragePlan(quick ? 2 : 5, chosen);
    }
}
