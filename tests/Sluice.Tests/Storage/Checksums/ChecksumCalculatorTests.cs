using System.Text;
using Sluice.Storage.Checksums;

namespace Sluice.Tests.Storage.Checksums;

public class ChecksumCalculatorTests
{
    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "", "AAAAAA==")]
    [InlineData(ChecksumAlgorithm.Crc32, "hello world", "DUoRhQ==")]
    [InlineData(ChecksumAlgorithm.Crc32, "hello cli", "pn638Q==")]
    [InlineData(ChecksumAlgorithm.Crc32C, "123456789", "4waSgw==")] // 0xE3069283, the CRC-32C check value
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "123456789", "rosUhgp5mIg=")] // 0xAE8B14860A799888, the CRC-64/NVME check value
    [InlineData(ChecksumAlgorithm.Sha1, "hello world", "Kq5sNclPz7QV2+lfQIuc6R7oRu0=")]
    [InlineData(ChecksumAlgorithm.Sha256, "hello world", "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")]
    public void GetBase64_KnownInput_MatchesPublishedValue(ChecksumAlgorithm algorithm, string input, string expected)
    {
        Assert.Equal(expected, ChecksumCalculator.ComputeBase64(algorithm, Encoding.ASCII.GetBytes(input)));
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    [InlineData(ChecksumAlgorithm.Sha1)]
    [InlineData(ChecksumAlgorithm.Sha256)]
    public void Append_InPieces_SameAsOneCall(ChecksumAlgorithm algorithm)
    {
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
        using var calculator = ChecksumCalculator.Create(algorithm);
        calculator.Append(data.AsSpan(0, 10));
        var partial = calculator.GetBase64();
        calculator.Append(data.AsSpan(10));

        Assert.Equal(ChecksumCalculator.ComputeBase64(algorithm, data), calculator.GetBase64());
        Assert.Equal(ChecksumCalculator.ComputeBase64(algorithm, data.AsSpan(0, 10)), partial);
    }
}
