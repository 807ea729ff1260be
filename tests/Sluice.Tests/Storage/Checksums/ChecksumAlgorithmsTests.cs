using Sluice.Storage.Checksums;

namespace Sluice.Tests.Storage.Checksums;

public class ChecksumAlgorithmsTests
{
    [Theory]
    [InlineData("CRC32", ChecksumAlgorithm.Crc32)]
    [InlineData("crc32c", ChecksumAlgorithm.Crc32C)]
    [InlineData("Crc64Nvme", ChecksumAlgorithm.Crc64Nvme)]
    [InlineData("SHA1", ChecksumAlgorithm.Sha1)]
    [InlineData("sha256", ChecksumAlgorithm.Sha256)]
    public void TryParse_S3NameAnyCase_Parses(string name, ChecksumAlgorithm expected)
    {
        Assert.True(ChecksumAlgorithms.TryParse(name, out var algorithm));
        Assert.Equal(expected, algorithm);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MD5")]
    [InlineData("CRC")]
    public void TryParse_UnknownName_Fails(string? name)
    {
        Assert.False(ChecksumAlgorithms.TryParse(name, out _));
    }

    [Theory]
    [InlineData("x-amz-checksum-crc32", ChecksumAlgorithm.Crc32)]
    [InlineData("X-Amz-Checksum-CRC32C", ChecksumAlgorithm.Crc32C)]
    [InlineData("x-amz-checksum-crc64nvme", ChecksumAlgorithm.Crc64Nvme)]
    [InlineData("x-amz-checksum-sha1", ChecksumAlgorithm.Sha1)]
    [InlineData("x-amz-checksum-sha256", ChecksumAlgorithm.Sha256)]
    public void TryParseHeaderName_ChecksumHeader_Parses(string header, ChecksumAlgorithm expected)
    {
        Assert.True(ChecksumAlgorithms.TryParseHeaderName(header, out var algorithm));
        Assert.Equal(expected, algorithm);
    }

    [Theory]
    [InlineData("x-amz-checksum-mode")]
    [InlineData("x-amz-checksum-algorithm")]
    [InlineData("content-md5")]
    public void TryParseHeaderName_OtherHeader_Fails(string header)
    {
        Assert.False(ChecksumAlgorithms.TryParseHeaderName(header, out _));
    }

    [Fact]
    public void ToS3Name_EveryAlgorithm_RoundTripsThroughBothParsers()
    {
        foreach (var algorithm in ChecksumAlgorithms.All)
        {
            Assert.True(ChecksumAlgorithms.TryParse(algorithm.ToS3Name(), out var byName));
            Assert.True(ChecksumAlgorithms.TryParseHeaderName(algorithm.ToHeaderName(), out var byHeader));
            Assert.Equal(algorithm, byName);
            Assert.Equal(algorithm, byHeader);
        }
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "DUoRhQ==", true)]
    [InlineData(ChecksumAlgorithm.Crc32, "rosUhgp5mIg=", false)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "rosUhgp5mIg=", true)]
    [InlineData(ChecksumAlgorithm.Crc32, "not base64!", false)]
    public void TryDecode_Value_AcceptsOnlyTheAlgorithmsSize(ChecksumAlgorithm algorithm, string value, bool expected)
    {
        Assert.Equal(expected, algorithm.TryDecode(value, out _));
    }
}
