using System.IO.Compression;
using System.Security.Cryptography;
using Sluice.Functions.Api;

namespace Sluice.Functions.Definitions;

/// <summary>Where a function's code lives on disk.</summary>
public sealed record StoredCode(string Path, string Sha256, long Size, bool IsLocalFolder);

/// <summary>
/// Keeps uploaded zips extracted under <c>&lt;data&gt;/functions/code/&lt;sha256&gt;/</c>. A folder is
/// content-addressed and written once (extracted beside, then renamed into place), so an
/// environment that is still running old code never sees a half-written update.
/// </summary>
public sealed class CodeStore(string dataPath)
{
    public const long MaxZipBytes = 50L * 1024 * 1024;
    public const long MaxUnzippedBytes = 250L * 1024 * 1024;

    /// <summary>The bucket name that makes S3Key a folder on this machine (the convention LocalStack users know).</summary>
    public const string LocalFolderBucket = "hot-reload";

    private readonly string _root = System.IO.Path.Combine(dataPath, "functions", "code");

    public StoredCode StoreZip(byte[] zip)
    {
        if (zip.Length > MaxZipBytes)
            throw new LambdaException(LambdaErrors.RequestTooLarge, "Request must be smaller than 52428800 bytes for the CreateFunction operation");
        var hash = SHA256.HashData(zip);
        var folder = System.IO.Path.Combine(_root, Convert.ToHexStringLower(hash));
        if (!Directory.Exists(folder))
            Extract(zip, folder);
        return new StoredCode(folder, Convert.ToBase64String(hash), zip.Length, false);
    }

    public static StoredCode UseFolder(string path)
    {
        if (!System.IO.Path.IsPathFullyQualified(path) || !Directory.Exists(path))
            throw LambdaErrors.InvalidParameter($"Code folder {path} does not exist or is not an absolute path.");
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path));
        return new StoredCode(path, Convert.ToBase64String(hash), 0, true);
    }

    private void Extract(byte[] zip, string folder)
    {
        Directory.CreateDirectory(_root);
        var staging = folder + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using var archive = OpenArchive(zip);
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                total += entry.Length;
                if (total > MaxUnzippedBytes)
                    throw LambdaErrors.InvalidParameter("Unzipped size must be smaller than 262144000 bytes");
            }
            // ExtractToDirectory refuses entries that escape the folder and restores Unix modes (bootstrap needs +x).
            archive.ExtractToDirectory(staging);
            Directory.Move(staging, folder);
        }
        catch (Exception error) when (error is InvalidDataException or IOException && !Directory.Exists(folder))
        {
            TryDelete(staging);
            throw LambdaErrors.InvalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another upload of the same bytes won the rename; its folder has the same content.
            TryDelete(staging);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    private static ZipArchive OpenArchive(byte[] zip)
    {
        try
        {
            return new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw LambdaErrors.InvalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
        }
    }

    private static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}
