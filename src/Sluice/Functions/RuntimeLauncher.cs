using System.Diagnostics;

namespace Sluice.Functions;

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

    public static ProcessStartInfo CreateStartInfo(FunctionDefinition function)
    {
        var runtime = function.Runtime;
        ProcessStartInfo start;
        if (runtime.StartsWith("nodejs", StringComparison.Ordinal))
        {
            start = new ProcessStartInfo("node");
            start.ArgumentList.Add(Path.Combine(RuntimesFolder, "node", "bootstrap.js"));
        }
        else if (runtime.StartsWith("python", StringComparison.Ordinal))
        {
            start = new ProcessStartInfo("python3");
            start.ArgumentList.Add(Path.Combine(RuntimesFolder, "python", "bootstrap.py"));
        }
        else if (runtime.StartsWith("dotnet", StringComparison.Ordinal))
        {
            // Sluice's own host (src/Sluice.Functions.Runtime) loads the handler's assembly from the code folder.
            // Every dotnet* name runs on the newest .NET installed, which loads assemblies built for older ones.
            start = new ProcessStartInfo("dotnet");
            start.ArgumentList.Add(Path.Combine(RuntimesFolder, "dotnet", "Sluice.Functions.Runtime.dll"));
        }
        else
        {
            start = new ProcessStartInfo(Path.Combine(function.CodePath, "bootstrap"));
        }
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = false;
        start.WorkingDirectory = function.CodePath;
        return start;
    }
}
