namespace Sluice.Storage.Checksums;

/// <summary>The checksum algorithms S3 clients send as <c>x-amz-checksum-*</c>.</summary>
public enum ChecksumAlgorithm
{
    Crc32,
    Crc32C,
    Crc64Nvme,
    Sha1,
    Sha256,
}
