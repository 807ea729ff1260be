using System.IO.Compression;

namespace Sluice.Bench.Harness;

/// <summary>Deployment packages for the benchmarks' functions.</summary>
public static class FunctionPackage
{
    /// <summary>A zip holding one file, base64-encoded as CreateFunction's <c>Code.ZipFile</c> takes it.</summary>
    public static string ZipBase64(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(archive.CreateEntry(name).Open()))
            writer.Write(content);
        return Convert.ToBase64String(buffer.ToArray());
    }
}
