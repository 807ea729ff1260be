using System.Diagnostics.CodeAnalysis;

namespace Sluice.Storage.Checksums;

/// <summary>Names of each <see cref="ChecksumAlgorithm"/> on the wire, both ways.</summary>
public static class ChecksumAlgorithms
{
    public const string HeaderPrefix = "x-amz-checksum-";

    public static IReadOnlyList<ChecksumAlgorithm> All { get; } =
        [ChecksumAlgorithm.Crc32, ChecksumAlgorithm.Crc32C, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Sha1, ChecksumAlgorithm.Sha256];

    /// <summary>Parses <c>CRC32</c>, <c>CRC32C</c>, <c>CRC64NVME</c>, <c>SHA1</c> or <c>SHA256</c>, ignoring case.</summary>
    public static bool TryParse(string? s3Name, out ChecksumAlgorithm algorithm)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(s3Name, candidate.ToS3Name(), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }
        algorithm = default;
        return false;
    }

    /// <summary>Parses a header name such as <c>x-amz-checksum-crc32</c>, ignoring case.</summary>
    public static bool TryParseHeaderName(string? headerName, out ChecksumAlgorithm algorithm)
    {
        if (headerName is not null && headerName.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
            return TryParse(headerName[HeaderPrefix.Length..], out algorithm);
        algorithm = default;
        return false;
    }

    public static string ToS3Name(this ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "CRC32",
        ChecksumAlgorithm.Crc32C => "CRC32C",
        ChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        ChecksumAlgorithm.Sha1 => "SHA1",
        ChecksumAlgorithm.Sha256 => "SHA256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    public static string ToHeaderName(this ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "x-amz-checksum-crc32",
        ChecksumAlgorithm.Crc32C => "x-amz-checksum-crc32c",
        ChecksumAlgorithm.Crc64Nvme => "x-amz-checksum-crc64nvme",
        ChecksumAlgorithm.Sha1 => "x-amz-checksum-sha1",
        ChecksumAlgorithm.Sha256 => "x-amz-checksum-sha256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>Size in bytes of the raw (not base64) checksum.</summary>
    public static int HashSize(this ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 or ChecksumAlgorithm.Crc32C => 4,
        ChecksumAlgorithm.Crc64Nvme => 8,
        ChecksumAlgorithm.Sha1 => 20,
        ChecksumAlgorithm.Sha256 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>S3 offers the COMPOSITE multipart checksum type for every algorithm but CRC64NVME.</summary>
    public static bool SupportsComposite(this ChecksumAlgorithm algorithm) => algorithm != ChecksumAlgorithm.Crc64Nvme;

    /// <summary>S3 offers the FULL_OBJECT multipart checksum type only for the CRCs, which can be combined.</summary>
    public static bool SupportsFullObject(this ChecksumAlgorithm algorithm) =>
        algorithm is ChecksumAlgorithm.Crc32 or ChecksumAlgorithm.Crc32C or ChecksumAlgorithm.Crc64Nvme;

    /// <summary>Decodes a base64 checksum value, accepting it only if it has the algorithm's size.</summary>
    public static bool TryDecode(this ChecksumAlgorithm algorithm, string? base64, [NotNullWhen(true)] out byte[]? raw)
    {
        raw = null;
        if (string.IsNullOrEmpty(base64))
            return false;
        var buffer = new byte[algorithm.HashSize()];
        if (!Convert.TryFromBase64String(base64, buffer, out var written) || written != buffer.Length)
            return false;
        raw = buffer;
        return true;
    }
}
