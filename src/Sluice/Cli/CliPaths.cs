namespace Sluice.Cli;

/// <summary>
/// Paths given on the command line, resolved against the caller's working directory (the launcher and
/// `dotnet run` both start sluice there); a missing one is a usage error that shows both forms.
/// </summary>
public static class CliPaths
{
    public static string ExistingFolderOrFile(string given, string what)
    {
        var full = Path.GetFullPath(given);
        if (!Directory.Exists(full) && !File.Exists(full))
            throw CliException.Usage($"no {what} at {Show(given, full)}");
        return full;
    }

    public static string ExistingFile(string given, string what)
    {
        var full = Path.GetFullPath(given);
        if (Directory.Exists(full))
            throw CliException.Usage($"{what} {Show(given, full)} is a folder, not a file");
        if (!File.Exists(full))
            throw CliException.Usage($"no {what} at {Show(given, full)}");
        return full;
    }

    /// <summary>A folder to create or use; a file in its place is a usage error.</summary>
    public static string Folder(string given, string what)
    {
        var full = Path.GetFullPath(given);
        if (File.Exists(full))
            throw CliException.Usage($"{what} {Show(given, full)} is a file, not a folder");
        return full;
    }

    private static string Show(string given, string full) => given == full ? given : $"{given} ({full})";
}
