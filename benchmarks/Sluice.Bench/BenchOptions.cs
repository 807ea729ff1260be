namespace Sluice.Bench;

/// <summary>What every benchmark command is run with.</summary>
/// <param name="Quick">A short smoke run: fewer starts, shorter windows, one round per workload.</param>
/// <param name="JsonPath">Where to write the figures as JSON as well, if anywhere.</param>
public sealed record BenchOptions(bool Quick, string? JsonPath);
