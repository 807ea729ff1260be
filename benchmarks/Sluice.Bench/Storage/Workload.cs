namespace Sluice.Bench.Storage;

public enum Operation { Put, Get }

/// <summary>What a workload is judged by: requests per second (small objects) or bytes per second (large ones).</summary>
public enum Headline { OperationsPerSecond, MegabytesPerSecond }

/// <summary>
/// One operation on objects of one size by a number of concurrent clients, each on its own connection.
/// Each server gets a warm-up (all workloads warm up before any is measured), then <see cref="Rounds"/>
/// measured windows, alternating between the servers so that load from elsewhere falls on both alike.
/// </summary>
public sealed record Workload(
    Operation Operation,
    ObjectSet Objects,
    int Concurrency,
    Headline Headline,
    TimeSpan WarmUp,
    TimeSpan Window,
    int Rounds,
    double TargetRatio)
{
    public string Name => $"{Objects.Label} {Operation.ToString().ToUpperInvariant()}";
}
