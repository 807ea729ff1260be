namespace Sluice.Bench.Harness;

/// <summary>Nearest-rank percentiles of figures already sorted ascending.</summary>
public static class Percentiles
{
    /// <param name="fraction">0.5 for the median, 0.99 for p99.</param>
    public static double Of(List<double> sorted, double fraction) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
}
