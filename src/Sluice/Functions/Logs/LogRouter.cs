namespace Sluice.Functions.Logs;

/// <summary>
/// Routes the lines of a runtime's output (stdout and stderr share one pipe) to the invocation they belong to.
/// Sluice's bootstraps print an end marker after each invocation; a line belongs to the oldest
/// invocation whose marker has not been seen yet. Custom runtimes print no marker, so their
/// lines belong to the invocation handed over last.
/// </summary>
public sealed class LogRouter(bool hasEndMarkers)
{
    public const string EndMarker = "\u001eSLUICE-END ";
    private const int MaxOrphanLines = 1000;

    private readonly Queue<InvocationLog> _open = new();
    private readonly List<string> _orphans = [];

    public void Register(InvocationLog log)
    {
        lock (_open)
        {
            if (!hasEndMarkers)
                while (_open.TryDequeue(out var previous))
                    previous.CloseStream();
            foreach (var line in _orphans)
                log.Append(line);
            _orphans.Clear();
            _open.Enqueue(log);
        }
    }

    public void OnLine(string line)
    {
        lock (_open)
        {
            // A handler that wrote without a final newline leaves its text in front of the marker.
            var marker = line.IndexOf(EndMarker, StringComparison.Ordinal);
            if (marker < 0)
            {
                Route(line);
                return;
            }
            if (marker > 0)
                Route(line[..marker]);
            if (_open.TryDequeue(out var finished))
                finished.CloseStream();
        }
    }

    private void Route(string line)
    {
        if (_open.TryPeek(out var current))
            current.Append(line);
        else if (_orphans.Count < MaxOrphanLines)
            _orphans.Add(line);
    }

    /// <summary>The stream ended (process exit): every open invocation has all its lines.</summary>
    public void OnEnd()
    {
        lock (_open)
        {
            while (_open.TryDequeue(out var log))
                log.CloseStream();
        }
    }
}
