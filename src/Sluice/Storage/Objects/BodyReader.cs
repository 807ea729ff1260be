using System.Buffers;
using System.Security.Cryptography;
using Sluice.Gateway;
using Sluice.Storage.Blobs;
using Sluice.Storage.Checksums;

namespace Sluice.Storage.Objects;

/// <summary>
/// Streams a body to memory (up to the inline threshold) or to a temp blob, hashing as it goes. Larger
/// bodies move in whole chunks: the network delivers a few KiB per read, and hashing and writing each of
/// those separately costs more CPU than the copy itself. The writes are synchronous because they only
/// fill the page cache (the fsync comes later), which is quicker than a hop through the thread pool.
/// </summary>
public sealed class BodyReader(BlobStore blobs, int inlineThreshold)
{
    private const int ChunkSize = 256 * 1024;
    public const long MaxSinglePutBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>Reads a body; <paramref name="allowInline"/> false forces a blob file (multipart parts).</summary>
    public async Task<IngestedBody> ReadAsync(Stream body, long? declaredLength, CancellationToken cancellationToken,
        bool allowInline = true, IReadOnlyList<ChecksumAlgorithm>? checksums = null)
    {
        var inlineLimit = allowInline ? inlineThreshold : -1;
        var calculators = (checksums ?? []).Select(ChecksumCalculator.Create).ToList();
        if (declaredLength > MaxSinglePutBytes)
            throw new S3Exception(S3Errors.EntityTooLarge);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, inlineLimit + 1));
        try
        {
            var filled = await FillAsync(body, buffer.AsMemory(0, Math.Max(inlineLimit + 1, 0)), cancellationToken);
            Hash(md5, calculators, buffer.AsSpan(0, filled));
            if (filled <= inlineLimit)
            {
                CheckLength(filled, declaredLength);
                return new IngestedBody
                {
                    Size = filled, Md5 = md5.GetHashAndReset(), Checksums = Results(calculators), Inline = buffer.AsSpan(0, filled).ToArray(),
                };
            }

            var temp = blobs.CreateTemp();
            try
            {
                long size = filled;
                temp.Stream.Write(buffer, 0, filled);
                int read;
                while ((read = await FillAsync(body, buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
                {
                    size += read;
                    if (size > MaxSinglePutBytes)
                        throw new S3Exception(S3Errors.EntityTooLarge);
                    Hash(md5, calculators, buffer.AsSpan(0, read));
                    temp.Stream.Write(buffer, 0, read);
                }
                CheckLength(size, declaredLength);
                return new IngestedBody { Size = size, Md5 = md5.GetHashAndReset(), Checksums = Results(calculators), Temp = temp };
            }
            catch
            {
                await temp.DisposeAsync();
                throw;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            foreach (var calculator in calculators) calculator.Dispose();
        }
    }

    private static void Hash(IncrementalHash md5, List<ChecksumCalculator> calculators, ReadOnlySpan<byte> data)
    {
        md5.AppendData(data);
        foreach (var calculator in calculators) calculator.Append(data);
    }

    private static Dictionary<ChecksumAlgorithm, string> Results(List<ChecksumCalculator> calculators) =>
        calculators.ToDictionary(calculator => calculator.Algorithm, calculator => calculator.GetBase64());

    private static void CheckLength(long actual, long? declared)
    {
        if (declared is { } expected && expected != actual)
            throw new S3Exception(S3Errors.IncompleteBody);
    }

    private static async Task<int> FillAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await body.ReadAsync(buffer[filled..], cancellationToken);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }
}
