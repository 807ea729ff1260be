namespace Sluice.Storage.Checksums;

/// <summary>
/// Combines CRC(A) and CRC(B) into CRC(A‖B) knowing only len(B), by multiplying CRC(A) by
/// x^(8·len(B)) modulo the polynomial (the zlib crc32_combine method). Valid for reflected CRCs whose
/// initial value equals their final XOR, which holds for CRC32, CRC32C and CRC64NVME.
/// </summary>
internal sealed class CrcCombiner
{
    public static readonly CrcCombiner Crc32 = new(32, 0xEDB88320UL);
    public static readonly CrcCombiner Crc32C = new(32, 0x82F63B78UL);
    public static readonly CrcCombiner Crc64Nvme = new(64, 0x9A6C9329AC4BC9B5UL);

    private readonly ulong _polynomial;
    private readonly ulong _one;
    // _powers[k] = x^(2^k) mod P; 3 + 64 entries cover any byte length as a bit count.
    private readonly ulong[] _powers = new ulong[67];

    private CrcCombiner(int width, ulong reflectedPolynomial)
    {
        _polynomial = reflectedPolynomial;
        _one = 1UL << (width - 1);
        _powers[0] = _one >> 1;
        for (var k = 1; k < _powers.Length; k++)
            _powers[k] = Multiply(_powers[k - 1], _powers[k - 1]);
    }

    public ulong Combine(ulong first, ulong second, long secondLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(secondLength);
        return Multiply(XPowerOfBytes(secondLength), first) ^ second;
    }

    private ulong XPowerOfBytes(long length)
    {
        var result = _one;
        for (var k = 3; length != 0; length >>= 1, k++)
        {
            if ((length & 1) != 0)
                result = Multiply(_powers[k], result);
        }
        return result;
    }

    private ulong Multiply(ulong a, ulong b)
    {
        ulong product = 0;
        for (var bit = _one; bit != 0; bit >>= 1)
        {
            if ((a & bit) != 0)
                product ^= b;
            b = (b & 1) != 0 ? (b >> 1) ^ _polynomial : b >> 1;
        }
        return product;
    }
}
