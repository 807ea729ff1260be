using System.Globalization;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Storage;

/// <summary>The storage report as text: conditions, start-up, throughput beside the floor, and where the CPU went.</summary>
public static class StorageTable
{
    public static void Write(StorageReport report, TextWriter writer)
    {
        var conditions = report.Conditions;
        writer.WriteLine($"Sluice storage benchmark, {(report.Quick ? "quick run (smoke only: short windows, one round)" : "full run")}, {report.StartedAt:yyyy-MM-dd HH:mm} UTC");
        writer.WriteLine($"machine  {conditions.Cores} cores, {conditions.OperatingSystem}, {conditions.Runtime}; data folders on {conditions.DataFileSystem}");
        writer.WriteLine($"client   {conditions.Client}");
        writer.WriteLine($"payload  {conditions.PayloadHash}");
        writer.WriteLine($"floor    {conditions.Floor}");
        writer.WriteLine();
        WriteStartup(report.Startup, writer);
        writer.WriteLine();
        WriteThroughput(report.Workloads, writer);
        writer.WriteLine();
        WriteCpu(report.Workloads, conditions.Cores, writer);
    }

    private static void WriteStartup(StartupFigures startup, TextWriter writer)
    {
        writer.WriteLine($"START-UP: median of {startup.Starts} starts each (min-max), fresh data folder every time");
        var table = new TextTable(("", false), ("sluice", true), ("floor", true), ("target", true), ("", false));
        table.Add("process start -> health 200",
            $"{Number(startup.Sluice.MedianMilliseconds, 0)} ms ({Number(startup.Sluice.MinMilliseconds, 0)}-{Number(startup.Sluice.MaxMilliseconds, 0)})",
            $"{Number(startup.Floor.MedianMilliseconds, 0)} ms ({Number(startup.Floor.MinMilliseconds, 0)}-{Number(startup.Floor.MaxMilliseconds, 0)})",
            $"<= {Number(startup.TargetMilliseconds, 0)} ms", Verdict(startup.StartMet));
        table.Add("ready in (as the server reports it)",
            Reported(startup.Sluice.MedianReportedReadyMilliseconds), Reported(startup.Floor.MedianReportedReadyMilliseconds));
        table.Add("idle VmRSS",
            $"{Number(startup.Sluice.MedianIdleResidentMegabytes, 1)} MB ({Number(startup.Sluice.MinIdleResidentMegabytes, 1)}-{Number(startup.Sluice.MaxIdleResidentMegabytes, 1)})",
            $"{Number(startup.Floor.MedianIdleResidentMegabytes, 1)} MB ({Number(startup.Floor.MinIdleResidentMegabytes, 1)}-{Number(startup.Floor.MaxIdleResidentMegabytes, 1)})",
            $"<= {Number(startup.TargetIdleResidentMegabytes, 0)} MB", Verdict(startup.MemoryMet));
        table.WriteTo(writer);
    }

    private static void WriteThroughput(IReadOnlyList<WorkloadFigures> workloads, TextWriter writer)
    {
        var rounds = workloads.Count > 0 ? workloads[0].Rounds : 0;
        writer.WriteLine($"THROUGHPUT: {rounds} measured round(s) per workload, sluice and floor alternating; ratio = sluice/floor (lowest-highest round)");
        writer.WriteLine("            measured after every workload has run on both servers until their background JIT went quiet");
        var table = new TextTable(("workload", false), ("clients", true), ("metric", false), ("sluice", true), ("floor", true),
            ("ratio", true), ("target", true), ("", false));
        foreach (var workload in workloads)
        {
            var opsPerSecond = workload.Headline == Headline.OperationsPerSecond;
            table.Add(workload.Name, workload.Concurrency.ToString(CultureInfo.InvariantCulture), opsPerSecond ? "ops/s" : "MB/s",
                Number(opsPerSecond ? workload.Sluice.OperationsPerSecond : workload.Sluice.MegabytesPerSecond, 0),
                Number(opsPerSecond ? workload.Floor.OperationsPerSecond : workload.Floor.MegabytesPerSecond, 0),
                $"{Number(workload.Ratio, 2)}x ({Number(workload.LowestRoundRatio, 2)}-{Number(workload.HighestRoundRatio, 2)})",
                workload.TargetRatio >= 1 ? $">= {Number(workload.TargetRatio, 2)}x" : $">= {Number(workload.TargetRatio * 100, 0)} %",
                Verdict(workload.Met));
            if (opsPerSecond)
                table.Add("", "", "p50 / p99 ms", Latency(workload.Sluice), Latency(workload.Floor));
        }
        table.WriteTo(writer);
    }

    private static void WriteCpu(IReadOnlyList<WorkloadFigures> workloads, int cores, TextWriter writer)
    {
        writer.WriteLine($"CPU: per operation, and as % of one core ({cores} cores = {cores * 100} %); others = every other process on the machine");
        var table = new TextTable(("workload", false), ("client->sluice", true), ("sluice server", true),
            ("client->floor", true), ("floor server", true), ("others (sluice/floor)", true));
        foreach (var workload in workloads)
        {
            table.Add(workload.Name,
                Cpu(workload.Sluice.ClientCpuMicrosecondsPerOperation, workload.Sluice.ClientCpuPercent),
                Cpu(workload.Sluice.ServerCpuMicrosecondsPerOperation, workload.Sluice.ServerCpuPercent),
                Cpu(workload.Floor.ClientCpuMicrosecondsPerOperation, workload.Floor.ClientCpuPercent),
                Cpu(workload.Floor.ServerCpuMicrosecondsPerOperation, workload.Floor.ServerCpuPercent),
                $"{Number(workload.Sluice.OthersCpuPercent, 0)} % / {Number(workload.Floor.OthersCpuPercent, 0)} %");
        }
        table.WriteTo(writer);
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Reported(double? milliseconds) => milliseconds is { } value ? $"{Number(value, 0)} ms" : "-";

    private static string Latency(SideFigures side) =>
        $"{Milliseconds(side.P50Milliseconds)} / {Milliseconds(side.P99Milliseconds)}";

    private static string Milliseconds(double value) => Number(value, value < 10 ? 2 : value < 100 ? 1 : 0);

    private static string Cpu(double microsecondsPerOperation, double percentOfCore)
    {
        var perOperation = microsecondsPerOperation < 10_000
            ? $"{Number(microsecondsPerOperation, 0)} us"
            : $"{Number(microsecondsPerOperation / 1000, 0)} ms";
        return $"{perOperation} {Number(percentOfCore, 0),3} %";
    }

    private static string Number(double value, int decimals) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);
}
