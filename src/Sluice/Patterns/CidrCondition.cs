using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Sluice.Patterns;

/// <summary><c>cidr</c>: a string value that parses as an IP address of the same family inside the range.</summary>
internal sealed class CidrCondition : Condition
{
    private readonly string _source;
    private readonly AddressFamily _family;
    private readonly byte[] _network;
    private readonly int _prefixBits;

    private CidrCondition(string source, AddressFamily family, byte[] network, int prefixBits)
    {
        _source = source;
        _family = family;
        _network = network;
        _prefixBits = prefixBits;
    }

    public static CidrCondition Parse(string source)
    {
        var parts = source.Split('/');
        if (parts.Length != 2) throw new InvalidPatternException("Malformed CIDR, one '/' required");
        if (!int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bits))
        {
            throw new InvalidPatternException("Malformed CIDR, mask bits must be an integer");
        }
        if (bits < 0) throw new InvalidPatternException("Malformed CIDR, mask bits must not be negative");
        if (!IPAddress.TryParse(parts[0], out var address) || !IsPlainAddress(parts[0], address))
        {
            throw new InvalidPatternException($"Invalid IP address: {parts[0]}");
        }
        var maxBits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (bits > maxBits)
        {
            throw new InvalidPatternException(maxBits == 32 ? "IPv4 mask bits must be <= 32" : "IPv6 mask bits must be <= 128");
        }
        var network = address.GetAddressBytes();
        Mask(network, bits);
        return new CidrCondition(source, address.AddressFamily, network, bits);
    }

    public override bool Matches(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return false;
        Span<char> buffer = stackalloc char[JsonText.StackChars];
        var text = JsonText.Chars(value, buffer);
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != _family) return false;
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written)) return false;
        bytes = bytes[..written];
        Mask(bytes, _prefixBits);
        return bytes.SequenceEqual(_network);
    }

    public override string Describe() => $"cidr {Quote(_source)}";

    // IPAddress.TryParse also accepts forms such as "10" or "10.1"; AWS wants dotted quads or IPv6 text.
    private static bool IsPlainAddress(string text, IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? !text.Contains('%') : text.Count(character => character == '.') == 3;

    private static void Mask(Span<byte> bytes, int prefixBits)
    {
        for (var index = 0; index < bytes.Length; index++)
        {
            var bitsInByte = Math.Clamp(prefixBits - (index * 8), 0, 8);
            bytes[index] &= (byte)(0xFF << (8 - bitsInByte));
        }
    }
}
