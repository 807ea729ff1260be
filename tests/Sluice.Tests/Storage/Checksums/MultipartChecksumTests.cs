using System.Text;
using Sluice.Storage.Checksums;

namespace Sluice.Tests.Storage.Checksums;

public class MultipartChecksumTests
{
    // Expected values computed independently (python zlib/hashlib) over the parts "hello " and "world".
    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "7YH59g==", "OncRQw==", "1Fu2mQ==-2")]
    [InlineData(ChecksumAlgorithm.Sha256,
        "XjI1qDRuWkWF+MWFYvUFK4/iajuxIuHpbHZ4SWTfxGE=", "SG6kYiTRu0+2gPNPfJrZao8k7Ii+c+qOWmxlJg6cuKc=",
        "Zhie15keHg/OBlOZxcoF/BXCgYZaeimRvdZnwUZqkaQ=-2")]
    public void TryComputeComposite_TwoParts_HashOfRawPartChecksumsWithCount(
        ChecksumAlgorithm algorithm, string part1, string part2, string expected)
    {
        Assert.True(MultipartChecksum.TryComputeComposite(algorithm, [part1, part2], out var composite));
        Assert.Equal(expected, composite);
    }

    [Fact]
    public void TryComputeComposite_Crc64Nvme_Fails()
    {
        Assert.False(MultipartChecksum.TryComputeComposite(ChecksumAlgorithm.Crc64Nvme, ["rosUhgp5mIg="], out _));
    }

    [Fact]
    public void TryComputeComposite_MalformedPart_Fails()
    {
        Assert.False(MultipartChecksum.TryComputeComposite(ChecksumAlgorithm.Crc32, ["DUoRhQ==", "rosUhgp5mIg="], out _));
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    public void TryComputeFullObject_Parts_EqualsChecksumOfWholeObject(ChecksumAlgorithm algorithm)
    {
        var parts = new[] { "123", "", "456789", new string('x', 70_000) }.Select(Encoding.ASCII.GetBytes).ToArray();
        var whole = parts.SelectMany(p => p).ToArray();

        var input = parts.Select(p => (ChecksumCalculator.ComputeBase64(algorithm, p), (long)p.Length)).ToArray();

        Assert.True(MultipartChecksum.TryComputeFullObject(algorithm, input, out var combined));
        Assert.Equal(ChecksumCalculator.ComputeBase64(algorithm, whole), combined);
    }

    [Fact]
    public void TryComputeFullObject_Sha256_Fails()
    {
        var part = ChecksumCalculator.ComputeBase64(ChecksumAlgorithm.Sha256, [1]);
        Assert.False(MultipartChecksum.TryComputeFullObject(ChecksumAlgorithm.Sha256, [(part, 1L)], out _));
    }
}
