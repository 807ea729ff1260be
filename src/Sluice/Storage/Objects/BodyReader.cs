using System.Buffers;
using System.Security.Cryptography;
using Sluice.Gateway;
using Sluice.Storage.Blobs;
using Sluice.Storage.Checksums;

namespace Sluice.Storage.Objects;

/// <summary>
/// Streams a body to memory (up to the inline threshold) or to a temp blob, hashing as it goes.
/// Larger bodies move in whole chunks: the network delivers a few KiB per read, and hashing and writing
/// each of those separately costs more CPU than the copy itself. While one chunk is hashed (MD5 and
/// any requested checksums) on the thread pool, the next one is received and written, so hashing adds
/// little to the upload's time. The writes are synchronous: they only fill the page cache (the fsync
/// comes later), which is quicker than a hop through the thread pool.
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
        if (declaredLength > MaxSinglePutBytes)
            throw new S3Exception(S3Errors.EntityTooLarge);
        using var hashes = new BodyHashes(checksums ?? []);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, inlineLimit + 1));
        try
        {
            var filled = await FillAsync(body, buffer.AsMemory(0, Math.Max(inlineLimit + 1, 0)), cancellationToken);
            if (filled <= inlineLimit)
            {
                CheckLength(filled, declaredLength);
                hashes.Append(buffer.AsSpan(0, filled));
                return new IngestedBody
                {
                    Size = filled,
                    Md5 = hashes.Md5(),
                    Checksums = hashes.Checksums(),
                    Inline = buffer.AsSpan(0, filled).ToArray(),
                };
            }
            return await ReadToBlobAsync(body, declaredLength, buffer, filled, hashes, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<IngestedBody> ReadToBlobAsync(Stream body, long? declaredLength, byte[] first, int firstLength,
        BodyHashes hashes, CancellationToken cancellationToken)
    {
        var temp = blobs.CreateTemp();
        var rented = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var next = rented;
        Task hashing = Task.CompletedTask;
        try
        {
            var (current, length) = (first, firstLength);
            long size = length;
            while (true)
            {
                temp.Stream.Write(current, 0, length);
                await hashing;
                var (chunk, chunkLength) = (current, length);
                hashing = Task.Run(() => hashes.Append(chunk.AsSpan(0, chunkLength)), CancellationToken.None);

                (current, next) = (next, current);
                length = await FillAsync(body, current.AsMemory(0, ChunkSize), cancellationToken);
                if (length == 0) break;
                size += length;
                if (size > MaxSinglePutBytes)
                    throw new S3Exception(S3Errors.EntityTooLarge);
            }
            await hashing;
            CheckLength(size, declaredLength);
            return new IngestedBody { Size = size, Md5 = hashes.Md5(), Checksums = hashes.Checksums(), Temp = temp };
        }
        catch
        {
            await hashing.ContinueWith(static _ => { }, TaskScheduler.Default);
            await temp.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

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

    /// <summary>MD5 (the ETag) and the checksums the client asked for, appended together.</summary>
    private sealed class BodyHashes(IReadOnlyList<ChecksumAlgorithm> algorithms) : IDisposable
    {
        private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        private readonly List<ChecksumCalculator> _calculators = algorithms.Select(ChecksumCalculator.Create).ToList();

        public void Append(ReadOnlySpan<byte> data)
        {
            _md5.AppendData(data);
            foreach (var calculator in _calculators) calculator.Append(data);
        }

        public byte[] Md5() => _md5.GetHashAndReset();

        public Dictionary<ChecksumAlgorithm, string> Checksums() =>
            _calculators.ToDictionary(calculator => calculator.Algorithm, calculator => calculator.GetBase64());

        public void Dispose()
        {
            _md5.Dispose();
            foreach (var calculator in _calculators) calculator.Dispose();
        }
    }
}
