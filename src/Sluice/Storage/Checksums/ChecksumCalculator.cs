using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Sluice.Storage.Checksums;

/// <summary>Computes one checksum incrementally, in the byte order and encoding S3 uses on the wire.</summary>
public sealed class ChecksumCalculator : IDisposable
{
    private readonly Crc32? _crc32;
    private readonly Crc64? _crc64;
    private readonly IncrementalHash? _hash;

    private ChecksumCalculator(ChecksumAlgorithm algorithm)
    {
        Algorithm = algorithm;
        switch (algorithm)
        {
            case ChecksumAlgorithm.Crc32: _crc32 = new Crc32(Crc32ParameterSet.Crc32); break;
            case ChecksumAlgorithm.Crc32C: _crc32 = new Crc32(Crc32ParameterSet.Crc32C); break;
            case ChecksumAlgorithm.Crc64Nvme: _crc64 = new Crc64(Crc64ParameterSet.Nvme); break;
            case ChecksumAlgorithm.Sha1: _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1); break;
            case ChecksumAlgorithm.Sha256: _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256); break;
            default: throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null);
        }
    }

    public ChecksumAlgorithm Algorithm { get; }

    public static ChecksumCalculator Create(ChecksumAlgorithm algorithm) => new(algorithm);

    /// <summary>The base64 checksum of <paramref name="data"/> in one call.</summary>
    public static string ComputeBase64(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        using var calculator = Create(algorithm);
        calculator.Append(data);
        return calculator.GetBase64();
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_crc32 is not null)
            _crc32.Append(data);
        else if (_crc64 is not null)
            _crc64.Append(data);
        else
            _hash!.AppendData(data);
    }

    /// <summary>Writes the checksum of everything appended so far (CRCs big-endian) without resetting.</summary>
    public int GetCurrentHash(Span<byte> destination)
    {
        if (_crc32 is not null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, _crc32.GetCurrentHashAsUInt32());
            return sizeof(uint);
        }
        if (_crc64 is not null)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, _crc64.GetCurrentHashAsUInt64());
            return sizeof(ulong);
        }
        return _hash!.GetCurrentHash(destination);
    }

    /// <summary>The checksum of everything appended so far, base64 as in <c>x-amz-checksum-*</c>.</summary>
    public string GetBase64()
    {
        Span<byte> raw = stackalloc byte[32];
        var length = GetCurrentHash(raw);
        return Convert.ToBase64String(raw[..length]);
    }

    public void Dispose() => _hash?.Dispose();
}
