using System.Diagnostics;

namespace Sluice.Bench.Harness;

/// <summary>
/// Warm-up for benchmarks of an in-process server: on a busy 2-core machine tiering takes many seconds, and
/// its compilations would otherwise be measured as the cost of what runs meanwhile.
/// </summary>
public static class JitWarmUp
{
    /// <summary>Repeats the operation until no method has been compiled for a second (at most a minute).</summary>
    public static async Task<TimeSpan> UntilQuietAsync(Func<Task> operation)
    {
        var started = Stopwatch.GetTimestamp();
        var quietSince = started;
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetElapsedTime(quietSince) < TimeSpan.FromSeconds(1) && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(1))
        {
            await operation();
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                quietSince = Stopwatch.GetTimestamp();
            }
        }
        return Stopwatch.GetElapsedTime(started);
    }
}
