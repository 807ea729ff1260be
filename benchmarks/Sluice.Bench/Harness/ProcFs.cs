using System.Globalization;

namespace Sluice.Bench.Harness;

/// <summary>Readings from Linux /proc that .NET does not expose as such.</summary>
public static class ProcFs
{
    /// <summary>Resident memory (VmRSS of /proc/PID/status) in bytes.</summary>
    public static long ResidentBytes(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
            return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }
        throw new BenchmarkException($"/proc/{processId}/status has no VmRSS line.");
    }

    /// <summary>User and system CPU time of a process so far (utime and stime of /proc/PID/stat); zero once it has gone.</summary>
    public static TimeSpan CpuTime(int processId)
    {
        try
        {
            return TimeSpan.FromSeconds(CpuTicks(File.ReadAllText($"/proc/{processId}/stat")) / 100.0);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>The direct children of a process (from /proc/PID/task/*/children).</summary>
    public static IEnumerable<int> ChildProcessIds(int processId) =>
        Directory.EnumerateDirectories($"/proc/{processId}/task")
            .SelectMany(task => ReadOrEmpty(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(child => int.Parse(child, CultureInfo.InvariantCulture))
            .Distinct();

    /// <summary>A /proc file's text, or empty when its thread or process ended while it was being read.</summary>
    private static string ReadOrEmpty(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
    }

    /// <summary>The machine-wide CPU counters of /proc/stat (all cores), in its own ticks.</summary>
    public static (long Busy, long Total) MachineCpuTicks()
    {
        using var reader = new StreamReader("/proc/stat");
        var first = reader.ReadLine() ?? throw new BenchmarkException("/proc/stat is empty.");
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
        var fields = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Sum();
        return (total - idle, total);
    }

    /// <summary>
    /// CPU time (in clock ticks) used so far by the process's tiered-compilation thread, the runtime's
    /// background JIT; it stops growing once the code a workload runs has been compiled at its final tier.
    /// </summary>
    public static long BackgroundJitTicks(int processId)
    {
        long ticks = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
        {
            var stat = ReadOrEmpty(Path.Combine(task, "stat"));
            if (CommandName(stat).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                ticks += CpuTicks(stat);
        }
        return ticks;
    }

    /// <summary>The command name of a /proc stat line: what stands in parentheses (it may hold spaces).</summary>
    private static string CommandName(string stat) =>
        stat.Length == 0 ? "" : stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];

    /// <summary>utime + stime of a /proc stat line, in clock ticks: the 14th and 15th fields, counted after the command name.</summary>
    private static long CpuTicks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>The file system type and mount point that hold <paramref name="path"/>, from /proc/self/mounts.</summary>
    public static string FileSystemOf(string path)
    {
        var full = Path.GetFullPath(path);
        var best = (MountPoint: "", Type: "unknown");
        foreach (var line in File.ReadLines("/proc/self/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 3) continue;
            var mountPoint = fields[1];
            var covers = full == mountPoint || full.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (covers && mountPoint.Length >= best.MountPoint.Length) best = (mountPoint, fields[2]);
        }
        return $"{best.Type} at {best.MountPoint}";
    }
}
