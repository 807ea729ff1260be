using System.Diagnostics;
using System.Net.Sockets;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Storage;

/// <summary>
/// Times a server's start from process creation to the first 200 from GET /_sluice/health, then reads
/// its resident memory once it has settled.
/// </summary>
public static class StartupProbe
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RssPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RssSettleLimit = TimeSpan.FromSeconds(3);
    private const int RssSettleReadings = 5;

    public sealed record Start(TimeSpan ToHealthy, int? ReportedReadyMilliseconds, long IdleResidentBytes);

    /// <summary>One start on a new data folder, which is removed once the server is gone.</summary>
    public static async Task<Start> MeasureAsync(ServerKind kind, TempFolder temp, int attempt, CancellationToken cancellationToken)
    {
        var data = temp.NewFolder($"{kind.Name}-start-{attempt}");
        Start start;
        await using (var child = await ChildProcess.StartAsync(kind.Name, kind.Arguments(data), temp.EmptyFolder, cancellationToken))
        {
            var healthy = await WaitHealthyAsync(child, cancellationToken);
            var resident = await SettledResidentBytesAsync(child, cancellationToken);
            start = new Start(healthy, child.ReportedReadyMilliseconds, resident);
        }
        Directory.Delete(data, recursive: true);
        return start;
    }

    private static async Task<TimeSpan> WaitHealthyAsync(ChildProcess child, CancellationToken cancellationToken)
    {
        using var connection = new RawHttpConnection(child.Endpoint);
        var deadline = Stopwatch.GetTimestamp() + (long)(HealthTimeout.TotalSeconds * Stopwatch.Frequency);
        string last = "no answer";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                var answer = connection.Send("GET", "/_sluice/health", [], [], []);
                if (answer.Status == 200) return Stopwatch.GetElapsedTime(child.StartTimestamp);
                last = $"status {answer.Status}";
            }
            catch (Exception error) when (error is SocketException or IOException)
            {
                last = error.Message;
                connection.Dispose();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken);
        }
        throw new BenchmarkException($"{child.Name}: GET /_sluice/health did not answer 200 within {HealthTimeout.TotalSeconds} s ({last}). Output:\n{child.Output}");
    }

    /// <summary>VmRSS once the last few readings, 100 ms apart, are within 1 % of each other (or after 3 s).</summary>
    private static async Task<long> SettledResidentBytesAsync(ChildProcess child, CancellationToken cancellationToken)
    {
        var readings = new Queue<long>();
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            readings.Enqueue(ProcFs.ResidentBytes(child.Id));
            if (readings.Count > RssSettleReadings) readings.Dequeue();
            var settled = readings.Count == RssSettleReadings && readings.Max() - readings.Min() <= readings.Max() / 100;
            if (settled || Stopwatch.GetElapsedTime(started) >= RssSettleLimit) return readings.Last();
            await Task.Delay(RssPollInterval, cancellationToken);
        }
    }
}
