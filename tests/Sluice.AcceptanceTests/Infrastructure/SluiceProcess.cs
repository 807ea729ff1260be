using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>
/// A real `sluice server` child process on a free loopback port. It can be killed with SIGKILL
/// and started again on the same data folder, which the crash tests need, or sent a signal to stop.
/// </summary>
public sealed partial class SluiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _output = new();
    private Process? _process;

    public SluiceProcess(string? dataPath = null)
    {
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), "sluice-test-" + Guid.NewGuid().ToString("N"));
    }

    public string DataPath { get; }

    /// <summary>The program and its leading arguments; `server …` follows. Default: dotnet sluice.dll.</summary>
    public IReadOnlyList<string> Command { get; init; } = ["dotnet", SluiceDll];

    /// <summary>The server's working directory; default: the test's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>False: start without --data, so the server picks its default folder.</summary>
    public bool PassDataPath { get; init; } = true;

    /// <summary>Variables set (or, when null, removed) in the server's environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public TimeSpan StartTimeout { get; init; } = DefaultStartTimeout;
    public int Port { get; private set; }
    public string Endpoint => $"http://127.0.0.1:{Port}";
    public string Output { get { lock (_output) return _output.ToString(); } }

    public const string AccessKey = "test";
    public const string SecretKey = "test";

    private static readonly DirectoryInfo TestOutput = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The checkout the tests were built in.</summary>
    public static string RepositoryRoot { get; } = TestOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>Release or Debug, as the tests (and so the server beside them) were built.</summary>
    public static string Configuration { get; } = TestOutput.Parent!.Name;

    /// <summary>The server build beside this test build: src/Sluice/bin/{Configuration}/net10.0/sluice.dll.</summary>
    public static string SluiceDll { get; } = LocateServer();

    private static string LocateServer()
    {
        var dll = Path.Combine(RepositoryRoot, "src", "Sluice", "bin", Configuration, TestOutput.Name, "sluice.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first; the server is missing.", dll);
    }

    public async Task StartAsync(params string[] extraArguments)
    {
        var start = new ProcessStartInfo(Command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory ?? System.Environment.CurrentDirectory,
        };
        string[] data = PassDataPath ? ["--data", DataPath] : [];
        foreach (var argument in Command.Skip(1).Concat(["server", "--port", Port == 0 ? "0" : Port.ToString(), .. data]).Concat(extraArguments))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in Environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output) _output.AppendLine(e.Data);
            var match = ListeningLine().Match(e.Data);
            if (match.Success) listening.TrySetResult(int.Parse(match.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.Exited += (_, _) => listening.TrySetException(
            new InvalidOperationException($"sluice server exited before it was ready:\n{Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var finished = await Task.WhenAny(listening.Task, Task.Delay(StartTimeout));
        if (finished != listening.Task)
            throw new TimeoutException($"sluice server did not report listening within {StartTimeout}:\n{Output}");
        Port = await listening.Task;
        await WaitHealthyAsync();
    }

    /// <summary>Sends a signal by name (TERM, INT) to the server process.</summary>
    public async Task SignalAsync(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("the server is not running");
        (await ProcessRunner.RunAsync("kill", ["-s", signal, process.Id.ToString()])).EnsureSuccess($"kill -s {signal}");
    }

    /// <summary>Waits for the server to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("the server is not running");
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"sluice server did not exit within {timeout}:\n{Output}");
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.Yield();
        try { Directory.Delete(DataPath, recursive: true); }
        catch (IOException) { }
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync($"{Endpoint}/_sluice/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline) { }
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"sluice server at {Endpoint} never became healthy:\n{Output}");
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"listening on http://[^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}
