namespace Sluice.Bench.Harness;

/// <summary>A run that cannot go on: a server that does not start, or an answer that is not the expected one.</summary>
public sealed class BenchmarkException(string message) : Exception(message);
