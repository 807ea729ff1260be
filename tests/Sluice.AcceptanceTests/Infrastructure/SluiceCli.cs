using System.Net;
using System.Net.Sockets;

namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>The `sluice` command as a user runs it: through the repository's launcher, or the built dll directly.</summary>
public static class SluiceCli
{
    /// <summary>The launcher script at the repository root (README's `./sluice`).</summary>
    public static string Launcher { get; } = Path.Combine(SluiceProcess.RepositoryRoot, "sluice");

    public static Task<ProcessResult> RunAsync(string[] arguments, string? workingDirectory = null, bool throughLauncher = false) =>
        throughLauncher
            ? ProcessRunner.RunAsync(Launcher, arguments, AwsCli.Environment, workingDirectory)
            : ProcessRunner.RunAsync("dotnet", [SluiceProcess.SluiceDll, .. arguments], AwsCli.Environment, workingDirectory);

    /// <summary>An endpoint on a loopback port nothing listens on (it was free a moment ago).</summary>
    public static string UnreachableEndpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>The result is one `sluice: …` line on stderr containing <paramref name="message"/>, with no stack trace.</summary>
    public static void AssertOneLineError(ProcessResult result, int exitCode, string message)
    {
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(result.ExitCode == exitCode && lines.Length == 1 && lines[0].StartsWith("sluice: ", StringComparison.Ordinal)
                && lines[0].Contains(message, StringComparison.Ordinal),
            $"expected exit {exitCode} and one line 'sluice: …{message}…'; got exit {result.ExitCode}\nstderr:\n{result.Stderr}\nstdout:\n{result.Stdout}");
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Equal("", result.Stdout);
    }
}
