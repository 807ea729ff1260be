using System.Globalization;
using System.Text;

namespace Sluice.Functions.Logs;

/// <summary>
/// One invocation's log: the lines its process wrote (stdout and stderr share one pipe) between the hand-off
/// and the runtime's end marker, framed by the platform's START, END and REPORT lines.
/// It keeps at most its capacity (the newest lines win), so a handler that floods its output
/// costs bounded memory.
/// </summary>
public sealed class InvocationLog(string requestId, int capacityBytes)
{
    public const int DefaultCapacity = 256 * 1024;

    private readonly Queue<string> _lines = new();
    // Completed by the output pump; the log is rendered and kept right there, without a thread-pool hop.
    private readonly TaskCompletionSource _completed = new();
    private int _bytes;
    private long _droppedLines;
    private int _closed;

    public string RequestId { get; } = requestId;
    public double DurationMs { get; set; }
    public double? InitDurationMs { get; set; }
    public int MemorySizeMb { get; set; }
    public long MaxMemoryUsedMb { get; set; }

    /// <summary>Reads the environment's peak memory when the REPORT line is rendered, off the invoke path.</summary>
    public Func<long>? MaxMemoryUsedProbe { get; set; }
    public string Version { get; set; } = "$LATEST";
    public DateTimeOffset Started { get; set; }

    /// <summary>Completes once the output stream has delivered this invocation's lines.</summary>
    public Task Completed => _completed.Task;

    public void Append(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            _bytes += line.Length + 1;
            while (_bytes > capacityBytes && _lines.Count > 1)
            {
                _bytes -= _lines.Dequeue().Length + 1;
                _droppedLines++;
            }
        }
    }

    /// <summary>The output stream has passed this invocation (end marker, next hand-off or EOF): its lines are all here.</summary>
    public void CloseStream()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
            _completed.TrySetResult();
    }

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("START RequestId: ").Append(RequestId).Append(" Version: ").Append(Version).Append('\n');
        lock (_lines)
        {
            if (_droppedLines > 0)
                text.Append(CultureInfo.InvariantCulture, $"[sluice: {_droppedLines} earlier log lines dropped]\n");
            // A multi-line message arrives as one line with '\r' between its parts; shown as lines, as CloudWatch shows it.
            foreach (var line in _lines)
                text.Append(line.Contains('\r') ? line.Replace('\r', '\n') : line).Append('\n');
        }
        text.Append("END RequestId: ").Append(RequestId).Append('\n');
        var billed = Math.Max(1, (long)Math.Ceiling(DurationMs));
        if (MaxMemoryUsedProbe is { } probe)
            MaxMemoryUsedMb = Math.Max(MaxMemoryUsedMb, probe());
        text.Append(CultureInfo.InvariantCulture,
            $"REPORT RequestId: {RequestId}\tDuration: {DurationMs:F2} ms\tBilled Duration: {billed} ms\tMemory Size: {MemorySizeMb} MB\tMax Memory Used: {MaxMemoryUsedMb} MB\t");
        if (InitDurationMs is { } init)
            text.Append(CultureInfo.InvariantCulture, $"Init Duration: {init:F2} ms\t");
        text.Append('\n');
        return text.ToString();
    }
}
