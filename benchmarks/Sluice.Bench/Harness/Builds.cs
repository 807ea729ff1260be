namespace Sluice.Bench.Harness;

/// <summary>Where the programs this benchmark starts are: the Release server build and this benchmark's own assembly.</summary>
public static class Builds
{
    /// <summary>src/Sluice/bin/Release/net10.0/sluice.dll of the repository this benchmark was built in.</summary>
    public static string SluiceServerDll()
    {
        var root = RepositoryRoot();
        var dll = Path.Combine(root, "src", "Sluice", "bin", "Release", "net10.0", "sluice.dll");
        return File.Exists(dll)
            ? dll
            : throw new BenchmarkException($"No Release build of the server at {dll}: run `dotnet build -c Release Sluice.slnx` first.");
    }

    /// <summary>This benchmark's assembly, which also runs the floor server as a child (`floor-server`).</summary>
    public static string BenchDll() => typeof(Builds).Assembly.Location;

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Sluice.slnx"))) return folder.FullName;
        }
        throw new BenchmarkException($"Sluice.slnx not found above {AppContext.BaseDirectory}.");
    }
}
