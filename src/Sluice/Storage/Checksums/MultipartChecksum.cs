using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Sluice.Storage.Checksums;

/// <summary>The object checksum of a completed multipart upload, from its parts' checksums.</summary>
public static class MultipartChecksum
{
    /// <summary>
    /// COMPOSITE type: <c>base64(hash(raw part checksums concatenated))-N</c>, as S3 reports it.
    /// Fails for CRC64NVME (S3 has no composite form of it) and for malformed part values.
    /// </summary>
    public static bool TryComputeComposite(
        ChecksumAlgorithm algorithm, IReadOnlyList<string> partChecksums, [NotNullWhen(true)] out string? composite)
    {
        composite = null;
        if (!algorithm.SupportsComposite() || partChecksums.Count == 0)
            return false;
        using var calculator = ChecksumCalculator.Create(algorithm);
        foreach (var part in partChecksums)
        {
            if (!algorithm.TryDecode(part, out var raw))
                return false;
            calculator.Append(raw);
        }
        composite = $"{calculator.GetBase64()}-{partChecksums.Count}";
        return true;
    }

    /// <summary>
    /// FULL_OBJECT type: the CRC of the whole object, combined from each part's CRC and length, so
    /// the parts need not be read again. Only for the CRC algorithms.
    /// </summary>
    public static bool TryComputeFullObject(
        ChecksumAlgorithm algorithm, IReadOnlyList<(string Checksum, long Length)> parts, [NotNullWhen(true)] out string? fullObject)
    {
        fullObject = null;
        if (!algorithm.SupportsFullObject() || parts.Count == 0)
            return false;
        var combiner = algorithm switch
        {
            ChecksumAlgorithm.Crc32 => CrcCombiner.Crc32,
            ChecksumAlgorithm.Crc32C => CrcCombiner.Crc32C,
            _ => CrcCombiner.Crc64Nvme,
        };
        ulong crc = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Length < 0 || !algorithm.TryDecode(parts[i].Checksum, out var raw))
                return false;
            var partCrc = raw.Length == sizeof(uint) ? BinaryPrimitives.ReadUInt32BigEndian(raw) : BinaryPrimitives.ReadUInt64BigEndian(raw);
            crc = i == 0 ? partCrc : combiner.Combine(crc, partCrc, parts[i].Length);
        }
        var bytes = new byte[algorithm.HashSize()];
        if (bytes.Length == sizeof(uint))
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)crc);
        else
            BinaryPrimitives.WriteUInt64BigEndian(bytes, crc);
        fullObject = Convert.ToBase64String(bytes);
        return true;
    }
}
