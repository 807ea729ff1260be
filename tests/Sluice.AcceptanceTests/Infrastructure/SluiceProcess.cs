using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>
/// A real `sluice server` child process on a free loopback port. It can be killed with SIGKILL
/// and started again on the same data folder, which the crash tests need.
/// </summary>
public sealed partial class SluiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _output = new();
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private Process? _process;

    /// <param name="environment">Variables set (or, when null, removed) for this server only; it inherits the rest.</param>
    public SluiceProcess(string? dataPath = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), "sluice-test-" + Guid.NewGuid().ToString("N"));
        _environment = environment ?? new Dictionary<string, string?>();
    }

    public string DataPath { get; }
    public int Port { get; private set; }
    public string Endpoint => $"http://127.0.0.1:{Port}";
    public string Output { get { lock (_output) return _output.ToString(); } }

    public const string AccessKey = "test";
    public const string SecretKey = "test";

    /// <summary>The server build beside this test build: src/Sluice/bin/{Configuration}/net10.0/sluice.dll.</summary>
    public static string SluiceDll { get; } = LocateServer();

    private static string LocateServer()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repositoryRoot = testOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repositoryRoot, "src", "Sluice", "bin", configuration, framework, "sluice.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first; the server is missing.", dll);
    }

    public async Task StartAsync(params string[] extraArguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { SluiceDll, "server", "--port", Port == 0 ? "0" : Port.ToString(), "--data", DataPath }.Concat(extraArguments))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in _environment)
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
