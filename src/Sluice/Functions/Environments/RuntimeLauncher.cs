using System.Diagnostics;
using System.Globalization;
using Sluice.Functions.Definitions;

namespace Sluice.Functions.Environments;

/// <summary>How each runtime's process is started: the machine's interpreter with Sluice's bootstrap, or the code's own bootstrap.</summary>
public static class RuntimeLauncher
{
    public static readonly IReadOnlyList<string> Supported =
    [
        "nodejs18.x", "nodejs20.x", "nodejs22.x",
        "python3.9", "python3.10", "python3.11", "python3.12", "python3.13",
        "dotnet10", "dotnet8", "dotnet6", "dotnetcore3.1", "dotnetcore2.1", "dotnetcore2.0", "dotnetcore1.0",
        "provided", "provided.al2", "provided.al2023",
    ];

    /// <summary>Sluice's bootstraps, copied beside the executable.</summary>
    public static string RuntimesFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Functions", "runtimes");

    public static bool IsSupported(string runtime) => Supported.Contains(runtime);

    public static bool IsCustom(string runtime) => runtime.StartsWith("provided", StringComparison.Ordinal);

    /// <summary>Our own bootstraps print an end marker per invocation; custom runtimes do not.</summary>
    public static bool WritesEndMarkers(string runtime) => !IsCustom(runtime);

    /// <summary>The nice value of background environments: a share of the CPU that foreground work takes first when both want it.</summary>
    public const int BackgroundNiceness = 10;

    /// <summary>
    /// The runtime's process, started through <c>/bin/sh -c 'exec "$@" 2>&amp;1'</c>: the shell replaces itself
    /// with the runtime, whose stderr then shares stdout's pipe. Lambda keeps both in one log, and one
    /// stream keeps their lines in the order they were written, with one end marker per invocation.
    /// A <paramref name="background"/> runtime runs under <c>nice</c> (every thread it starts inherits the
    /// priority), so that on a saturated machine queued events wait for requests rather than slow them down.
    /// </summary>
    public static ProcessStartInfo CreateStartInfo(FunctionDefinition function, bool background = false)
    {
        var (program, arguments) = Command(function);
        var resolved = Resolve(program)
            ?? throw new EnvironmentStartException("Runtime.InvalidEntrypoint", $"RequestId: Error: fork/exec {program}: no such file or directory");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(resolved) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
            throw new EnvironmentStartException("Runtime.InvalidEntrypoint", $"RequestId: Error: fork/exec {resolved}: permission denied");
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            RedirectStandardInput = false,
            WorkingDirectory = function.CodePath,
        };
        string[] lowerPriority = background && Resolve("nice") is { } nice ? [nice, "-n", BackgroundNiceness.ToString(CultureInfo.InvariantCulture)] : [];
        foreach (var argument in new[] { "-c", "exec \"$@\" 2>&1", "sluice-runtime" }.Concat(lowerPriority).Append(resolved).Concat(arguments))
            start.ArgumentList.Add(argument);
        return start;
    }

    private static (string Program, string[] Arguments) Command(FunctionDefinition function)
    {
        var runtime = function.Runtime;
        if (runtime.StartsWith("nodejs", StringComparison.Ordinal))
            return ("node", [Path.Combine(RuntimesFolder, "node", "bootstrap.js")]);
        if (runtime.StartsWith("python", StringComparison.Ordinal))
            return ("python3", [Path.Combine(RuntimesFolder, "python", "bootstrap.py")]);
        // Sluice's own host (src/Sluice.Functions.Runtime) loads the handler's assembly from the code folder.
        // Every dotnet* name runs on the newest .NET installed, which loads assemblies built for older ones.
        if (runtime.StartsWith("dotnet", StringComparison.Ordinal))
            return ("dotnet", [Path.Combine(RuntimesFolder, "dotnet", "Sluice.Functions.Runtime.dll")]);
        return (Path.Combine(function.CodePath, "bootstrap"), []);
    }

    /// <summary>A path as is, or a bare program name looked up on PATH (once per name: PATH does not change under a running server).</summary>
    private static string? Resolve(string program)
    {
        if (Path.IsPathRooted(program))
            return File.Exists(program) ? program : null;
        return OnPath.GetOrAdd(program, name => FindOnPath(name, Environment.GetEnvironmentVariable("PATH")));
    }

    /// <summary>The first <paramref name="name"/> in the folders of <paramref name="path"/>, as the shell would find it.</summary>
    internal static string? FindOnPath(string name, string? path) => (path ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, name))
        .FirstOrDefault(File.Exists);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> OnPath = new(StringComparer.Ordinal);
}
