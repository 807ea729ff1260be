using System.Diagnostics;

namespace Sluice.Bench.Harness;

/// <summary>
/// Every latency of a run, kept whole and sorted for percentiles (nearest rank), so p99 is a measured
/// value and not an interpolation of buckets. One instance per client; merge them afterwards.
/// </summary>
public sealed class LatencySample
{
    private readonly List<long> _ticks = [];
    private bool _sorted = true;

    public int Count => _ticks.Count;

    public void Add(long stopwatchTicks)
    {
        _ticks.Add(stopwatchTicks);
        _sorted = false;
    }

    public void Add(LatencySample other)
    {
        _ticks.AddRange(other._ticks);
        _sorted = false;
    }

    /// <param name="percent">0 &lt; percent ≤ 100.</param>
    public TimeSpan Percentile(double percent)
    {
        if (_ticks.Count == 0) return TimeSpan.Zero;
        if (!_sorted)
        {
            _ticks.Sort();
            _sorted = true;
        }
        var rank = (int)Math.Ceiling(percent / 100 * _ticks.Count);
        return Stopwatch.GetElapsedTime(0, _ticks[Math.Clamp(rank, 1, _ticks.Count) - 1]);
    }
}
