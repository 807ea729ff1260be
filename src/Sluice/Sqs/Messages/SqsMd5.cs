using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Sqs.Messages;

/// <summary>
/// The checksums SQS returns and SDKs verify: the body's MD5, and the MD5 of message (or system) attributes over
/// SQS's encoding — by name, each field length-prefixed (4 bytes, big-endian), with a transport byte (1 string, 2 binary).
/// </summary>
public static class SqsMd5
{
    private const byte StringTransport = 1;
    private const byte BinaryTransport = 2;

    public static string OfBody(string body) => Hex(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>Null when there are no attributes: SQS then omits the checksum.</summary>
    public static string? OfAttributes(IReadOnlyDictionary<string, SqsMessageAttributeValue> attributes)
    {
        if (attributes.Count == 0) return null;
        using var buffer = new MemoryStream();
        foreach (var name in attributes.Keys.Order(StringComparer.Ordinal))
        {
            var value = attributes[name];
            Put(buffer, Encoding.UTF8.GetBytes(name));
            Put(buffer, Encoding.UTF8.GetBytes(value.DataType));
            if (value.IsBinary)
            {
                buffer.WriteByte(BinaryTransport);
                Put(buffer, value.BinaryValue ?? []);
            }
            else
            {
                buffer.WriteByte(StringTransport);
                Put(buffer, Encoding.UTF8.GetBytes(value.StringValue ?? ""));
            }
        }
        return Hex(MD5.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>The system attributes' checksum: AWSTraceHeader is the only one a sender sets.</summary>
    public static string? OfSystemAttributes(string? awsTraceHeader) => awsTraceHeader is null
        ? null
        : OfAttributes(new Dictionary<string, SqsMessageAttributeValue>
        {
            [SqsMessageRules.AwsTraceHeader] = new("String", awsTraceHeader, null),
        });

    private static void Put(MemoryStream buffer, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, field.Length);
        buffer.Write(length);
        buffer.Write(field);
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
