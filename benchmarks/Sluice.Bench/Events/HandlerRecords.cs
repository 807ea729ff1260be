using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Events;

/// <summary>
/// The lines the benchmark's handlers append (object key, then the Unix time in ms at which the handler started),
/// read as the file grows: each poll reads only what was appended, so polling does not take the CPU it measures.
/// </summary>
internal sealed class HandlerRecords(string path)
{
    private readonly Dictionary<string, double> _firstStart = new(StringComparer.Ordinal);
    private long _offset;
    private string _partial = "";

    public string Path { get; } = path;

    /// <summary>Lines read, duplicates included (delivery is at-least-once).</summary>
    public int Lines { get; private set; }

    /// <summary>Distinct keys handled.</summary>
    public int Keys => _firstStart.Count;

    public double StartOf(string key) => _firstStart[key];

    public bool Contains(string key) => _firstStart.ContainsKey(key);

    /// <summary>Reads until the condition holds, polling every 2 ms, for at most 120 s.</summary>
    public async Task WaitUntilAsync(Func<HandlerRecords, bool> condition, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + 120 * Stopwatch.Frequency;
        while (true)
        {
            Refresh();
            if (condition(this)) return;
            if (Stopwatch.GetTimestamp() > deadline)
                throw new BenchmarkException($"only {Keys} distinct keys reached the handler within 120 s, waiting for {what}");
            await Task.Delay(2);
        }
    }

    /// <summary>Reads what was appended since the last read.</summary>
    public void Refresh()
    {
        if (!File.Exists(Path)) return;
        using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length <= _offset) return;
        file.Seek(_offset, SeekOrigin.Begin);
        var appended = new byte[file.Length - _offset];
        file.ReadExactly(appended);
        _offset += appended.Length;
        var lines = (_partial + Encoding.UTF8.GetString(appended)).Split('\n');
        _partial = lines[^1];
        foreach (var line in lines[..^1])
        {
            var space = line.IndexOf(' ');
            Lines++;
            _firstStart.TryAdd(line[..space], double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture));
        }
    }
}
