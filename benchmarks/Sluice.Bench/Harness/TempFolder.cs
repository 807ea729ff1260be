namespace Sluice.Bench.Harness;

/// <summary>A fresh folder under the system temp folder, removed with everything in it on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix)
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
        EmptyFolder = NewFolder("empty");
    }

    public string Path { get; }

    /// <summary>
    /// A folder that stays empty: the working directory of child servers. ASP.NET Core watches its
    /// working directory tree (inotify, every subfolder) for configuration changes, so a server started
    /// where its data folder or a source tree is would pay for events on those files.
    /// </summary>
    public string EmptyFolder { get; }

    /// <summary>A new, empty folder inside this one.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
