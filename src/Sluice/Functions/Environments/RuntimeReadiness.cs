using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Sluice.Functions.Environments;

/// <summary>
/// What each runtime needs from this machine. A runtime that lacks something fails every invocation with an
/// error that only names the symptom (<c>Runtime.InvalidEntrypoint</c>, <c>Cannot find module '@aws-sdk/client-s3'</c>),
/// so the server checks when it starts and says, one line per problem, what is missing and the command that fixes it.
/// </summary>
public static class RuntimeReadiness
{
    /// <summary>The oldest Node.js the nodejs runtimes and their AWS SDK (engines: node >= 20) run on.</summary>
    public const int MinimumNodeMajor = 20;

    private static readonly TimeSpan VersionProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Where to look: the server's PATH, the folders the Node.js runtime puts on NODE_PATH, Sluice's bootstraps.</summary>
    public sealed record Machine(string? Path, IReadOnlyList<string> NodeModules, string RuntimesFolder, string? SourceTreeNodeModules)
    {
        public static Machine Current(FunctionsOptions options) => new(
            Environment.GetEnvironmentVariable("PATH"), [.. EnvironmentFactory.NodeModulesCandidates(options).Distinct()],
            RuntimeLauncher.RuntimesFolder, EnvironmentFactory.SourceTreeNodeModules);
    }

    public static async Task<IReadOnlyList<string>> ProblemsAsync(Machine machine, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (RuntimeLauncher.FindOnPath("node", machine.Path) is not { } node)
            problems.Add($"nodejs runtimes unavailable: node is not on PATH; install Node.js {MinimumNodeMajor} or later (https://nodejs.org) and restart sluice");
        else if (await NodeVersionAsync(node, cancellationToken) is var (version, major) && major < MinimumNodeMajor)
            problems.Add($"nodejs runtimes: {node} is {version}, older than the {MinimumNodeMajor} they need; install Node.js {MinimumNodeMajor} or later (https://nodejs.org)");
        if (!machine.NodeModules.Any(folder => File.Exists(Path.Combine(folder, "@aws-sdk", "client-s3", "package.json"))))
            problems.Add($"nodejs runtimes: the AWS SDK for JavaScript is missing (handlers that require @aws-sdk/* fail); install it with: {SdkInstallCommand(machine)}");
        if (RuntimeLauncher.FindOnPath("python3", machine.Path) is null)
            problems.Add("python runtimes unavailable: python3 is not on PATH; install Python 3.9 or later (e.g. sudo apt-get install python3) and restart sluice");
        if (RuntimeLauncher.FindOnPath("dotnet", machine.Path) is null)
            problems.Add("dotnet runtimes unavailable: dotnet is not on PATH; install the .NET 10 runtime (https://dot.net) or add its folder to PATH, and restart sluice");
        else if (!File.Exists(Path.Combine(machine.RuntimesFolder, "dotnet", "Sluice.Functions.Runtime.dll")))
            problems.Add($"dotnet runtimes unavailable: Sluice's .NET host is not in {Path.Combine(machine.RuntimesFolder, "dotnet")}; rebuild with: dotnet build src/Sluice -c Release");
        return problems;
    }

    /// <summary>From a source tree, the build's own step (npm ci beside the lock file); elsewhere, the script shipped with the bootstraps.</summary>
    private static string SdkInstallCommand(Machine machine)
    {
        if (machine.SourceTreeNodeModules is { } modules && Path.GetDirectoryName(modules) is { } folder
            && File.Exists(Path.Combine(folder, "package-lock.json")))
            return $"cd {folder} && npm ci";
        return $"bash {Path.Combine(machine.RuntimesFolder, "node", "install-sdk.sh")}";
    }

    /// <summary><c>node --version</c> ("v20.11.1") and its major version, or null when it cannot tell.</summary>
    private static async Task<(string Version, int Major)?> NodeVersionAsync(string node, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--version");
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            return null;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(VersionProbeTimeout);
        try
        {
            var output = await process.StandardOutput.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            var version = output.Trim();
            var digits = version.TrimStart('v').Split('.')[0];
            return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? (version, major) : null;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return null;
        }
    }
}
