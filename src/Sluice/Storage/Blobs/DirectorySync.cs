using System.Runtime.InteropServices;

namespace Sluice.Storage.Blobs;

/// <summary>
/// fsync of a directory, which makes a rename durable. .NET cannot open a directory as a file
/// handle, so this calls libc directly; on non-Unix systems it does nothing (NTFS journals renames).
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

    public static void Fsync(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var descriptor = Open(directory, ReadOnlyDirectory);
        if (descriptor < 0)
            throw new IOException($"cannot open directory {directory} for fsync (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (FsyncDescriptor(descriptor) != 0)
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncDescriptor(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
