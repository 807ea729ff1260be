using System.IO.Compression;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

/// <summary>
/// The .NET handler of samples/dotnet-handler, as its build output. The solution build makes it;
/// a test run without that build makes it once here.
/// </summary>
public static class DotnetSample
{
    public const string Handler = "DotnetHandler::DotnetHandler.Function::";

    private static readonly SemaphoreSlim BuildOnce = new(1, 1);

    public static async Task<string> OutputFolderAsync()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var project = Path.Combine(root, "samples", "dotnet-handler");
        var output = Path.Combine(project, "bin", configuration, framework);
        await BuildOnce.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(output, "DotnetHandler.dll")))
                (await ProcessRunner.RunAsync("dotnet", ["build", project, "-c", configuration, "--nologo", "-v", "q"], timeout: TimeSpan.FromMinutes(5)))
                    .EnsureSuccess("dotnet build of samples/dotnet-handler");
        }
        finally
        {
            BuildOnce.Release();
        }
        return output;
    }

    /// <summary>Zips the build output as a function package, with salutation.txt replaced.</summary>
    public static async Task<string> ZipAsync(string salutation)
    {
        var folder = await OutputFolderAsync();
        var path = Path.Combine(Path.GetTempPath(), "sluice-dotnet-" + Guid.NewGuid().ToString("N") + ".zip");
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var entry = Path.GetRelativePath(folder, file);
            if (entry != "salutation.txt")
                archive.CreateEntryFromFile(file, entry);
        }
        using (var writer = new StreamWriter(archive.CreateEntry("salutation.txt").Open()))
            await writer.WriteAsync(salutation);
        return path;
    }
}
