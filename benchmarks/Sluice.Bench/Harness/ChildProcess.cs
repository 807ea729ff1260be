using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Bench.Harness;

/// <summary>
/// A server started as a child process (`dotnet some.dll …`) that announces
/// "listening on http://127.0.0.1:PORT" on stdout. Disposing kills its whole process tree.
/// </summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private enum Lifecycle { Starting, Listening, Exited, Killed }

    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Lifecycle _state = Lifecycle.Starting;

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }
    public int Id => _process.Id;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> taken just before the process was created.</summary>
    public long StartTimestamp { get; private set; }

    public Uri Endpoint => _listening.Task.IsCompletedSuccessfully
        ? _listening.Task.Result
        : throw new InvalidOperationException($"{Name} is not listening.");

    /// <summary>The start-up time the server printed itself ("ready in N ms"), if it did.</summary>
    public int? ReportedReadyMilliseconds { get; private set; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>CPU time (user + system) the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> and waits until it listens on loopback.</summary>
    public static async Task<ChildProcess> StartAsync(
        string name, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);

        var child = new ChildProcess(name, new Process { StartInfo = info, EnableRaisingEvents = true });
        child._process.OutputDataReceived += (_, e) => child.OnLine(e.Data, fromStdout: true);
        child._process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, fromStdout: false);
        child._process.Exited += (_, _) => child.OnExited();
        child.StartTimestamp = Stopwatch.GetTimestamp();
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();

        try
        {
            await child._listening.Task.WaitAsync(ListenTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            await child.DisposeAsync();
            throw new BenchmarkException($"{name} did not print its listening line within {ListenTimeout.TotalSeconds} s. Output:\n{child.Output}");
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
        return child;
    }

    public async ValueTask DisposeAsync()
    {
        if (_state != Lifecycle.Exited)
        {
            _state = Lifecycle.Killed;
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void OnLine(string? line, bool fromStdout)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (!fromStdout || _listening.Task.IsCompleted) return;

        var listening = ListeningLine().Match(line);
        if (!listening.Success) return;
        var ready = ReadyLine().Match(line);
        if (ready.Success) ReportedReadyMilliseconds = int.Parse(ready.Groups[1].Value);
        _state = Lifecycle.Listening;
        _listening.TrySetResult(new Uri(listening.Groups[1].Value));
    }

    private void OnExited()
    {
        if (_state != Lifecycle.Killed) _state = Lifecycle.Exited;
        _listening.TrySetException(new BenchmarkException($"{Name} exited before it was listening. Output:\n{Output}"));
    }

    // Only loopback counts: the benchmark sends no traffic anywhere else.
    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"ready in (\d+) ms")]
    private static partial Regex ReadyLine();
}
