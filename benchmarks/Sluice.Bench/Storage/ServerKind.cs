using Sluice.Bench.Harness;

namespace Sluice.Bench.Storage;

/// <summary>
/// A server the storage benchmark starts: its name and its command line for a given data folder.
/// </summary>
public sealed record ServerKind(string Name, Func<string, IReadOnlyList<string>> Arguments, bool NeedsBucket)
{
    public static readonly ServerKind Sluice = new("sluice",
        data => [Builds.SluiceServerDll(), "server", "--port", "0", "--data", data], NeedsBucket: true);

    public static readonly ServerKind Floor = new("floor",
        data => [Builds.BenchDll(), "floor-server", "--port", "0", "--data", data], NeedsBucket: false);
}
