using System.Globalization;

namespace Sluice.Functions.Environments;

/// <summary>
/// A runtime process's peak resident memory (VmHWM) in MB, for the REPORT line's "Max Memory Used". Reading
/// /proc/PID/status makes the kernel render the whole file, which took about a tenth of Sluice's CPU at a thousand
/// invocations a second. The peak only grows, so a reading up to <see cref="RefreshInterval"/> old stands in for a
/// fresh one: the figure shown can lag that long behind, never exceed the truth.
/// </summary>
internal sealed class PeakMemoryProbe(Func<int?> processId, TimeProvider time)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private long _peakMb;
    private long _readAt;

    public long PeakMb()
    {
        lock (_gate)
        {
            if (_readAt != 0 && time.GetElapsedTime(_readAt) < RefreshInterval) return _peakMb;
            if (processId() is not { } pid) return _peakMb;
            _peakMb = Math.Max(_peakMb, ReadPeakMb(pid) ?? 0);
            _readAt = time.GetTimestamp();
            return _peakMb;
        }
    }

    private static long? ReadPeakMb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
