using System.Diagnostics;

namespace Sluice.Bench.Harness;

/// <summary>
/// CPU used during a window: by this process (the client), by the server under test, and by every
/// other process on the machine (the noise: builds and tests running beside the benchmark).
/// </summary>
public readonly record struct CpuUsage(TimeSpan Wall, TimeSpan Client, TimeSpan Server, TimeSpan Others)
{
    public static CpuUsage operator +(CpuUsage a, CpuUsage b) =>
        new(a.Wall + b.Wall, a.Client + b.Client, a.Server + b.Server, a.Others + b.Others);

    /// <summary>Share of one core, in percent (200 % is both cores of a two-core machine).</summary>
    public static double PercentOfCore(TimeSpan cpu, TimeSpan wall) =>
        wall > TimeSpan.Zero ? 100 * cpu / wall : 0;

    public static Snapshot Take(ChildProcess server)
    {
        var (busy, total) = ProcFs.MachineCpuTicks();
        return new Snapshot(Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime, server.CpuTime, busy, total);
    }

    public readonly record struct Snapshot(long Timestamp, TimeSpan Client, TimeSpan Server, long MachineBusy, long MachineTotal)
    {
        public CpuUsage Since(Snapshot start)
        {
            var wall = Stopwatch.GetElapsedTime(start.Timestamp, Timestamp);
            var client = Client - start.Client;
            var server = Server - start.Server;
            var totalTicks = MachineTotal - start.MachineTotal;
            var busyShare = totalTicks > 0 ? (double)(MachineBusy - start.MachineBusy) / totalTicks : 0;
            var machineBusy = wall * (busyShare * Environment.ProcessorCount);
            var others = machineBusy - client - server;
            return new CpuUsage(wall, client, server, others > TimeSpan.Zero ? others : TimeSpan.Zero);
        }
    }
}
