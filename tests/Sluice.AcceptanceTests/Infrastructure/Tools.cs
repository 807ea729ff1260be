namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>
/// Where the client programs really are. Under pyenv, `aws` and `python3` on PATH are shell shims that
/// cost about a second per start on a busy machine; the tests start these programs hundreds of times.
/// </summary>
public static class Tools
{
    private static readonly Lazy<string> AwsPath = new(() => Resolve("aws"));
    private static readonly Lazy<string> PythonPath = new(() => Resolve("python3"));

    public static string Aws => AwsPath.Value;
    public static string Python => PythonPath.Value;

    private static string Resolve(string tool)
    {
        var shim = FindOnPath(tool);
        if (shim is null || !shim.Contains("/.pyenv/shims/", StringComparison.Ordinal)) return tool;
        try
        {
            var result = ProcessRunner.RunAsync("pyenv", ["which", tool]).GetAwaiter().GetResult();
            var resolved = result.Stdout.Trim();
            return result.ExitCode == 0 && File.Exists(resolved) ? resolved : tool;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return tool; // pyenv itself is not on PATH: let the shim do its work
        }
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);
}
