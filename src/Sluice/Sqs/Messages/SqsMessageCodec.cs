using System.Text;

namespace Sluice.Sqs.Messages;

/// <summary>
/// A message as its <c>queue_items</c> payload holds it: what SQS returns on receive that the row's own columns do not
/// (enqueue time, receive count, first receive, group). A version byte leads, so that the format can grow.
/// </summary>
internal static class SqsMessageCodec
{
    private const byte Version = 1;
    private const byte StringKind = 1;
    private const byte BinaryKind = 2;

    /// <summary>What a payload decodes to.</summary>
    public sealed record Stored(
        string Body, string Md5OfBody, string SenderId, string? AwsTraceHeader, string? DeduplicationId, string? SequenceNumber,
        IReadOnlyDictionary<string, SqsMessageAttributeValue> Attributes);

    public static byte[] Encode(SqsNewMessage message, string md5OfBody, string senderId, string? deduplicationId, string? sequenceNumber)
    {
        using var buffer = new MemoryStream(message.Body.Length + 128);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(message.Body);
            writer.Write(md5OfBody);
            writer.Write(senderId);
            WriteOptional(writer, message.AwsTraceHeader);
            WriteOptional(writer, deduplicationId);
            WriteOptional(writer, sequenceNumber);
            writer.Write7BitEncodedInt(message.MessageAttributes.Count);
            foreach (var (name, value) in message.MessageAttributes)
            {
                writer.Write(name);
                writer.Write(value.DataType);
                if (value.IsBinary)
                {
                    writer.Write(BinaryKind);
                    writer.Write7BitEncodedInt(value.BinaryValue!.Length);
                    writer.Write(value.BinaryValue);
                }
                else
                {
                    writer.Write(StringKind);
                    writer.Write(value.StringValue!);
                }
            }
        }
        return buffer.ToArray();
    }

    public static Stored Decode(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != Version)
            throw new InvalidDataException($"An SQS message payload has version {version}; this Sluice reads version {Version}.");
        var body = reader.ReadString();
        var md5 = reader.ReadString();
        var sender = reader.ReadString();
        var trace = ReadOptional(reader);
        var deduplicationId = ReadOptional(reader);
        var sequenceNumber = ReadOptional(reader);
        var count = reader.Read7BitEncodedInt();
        var attributes = new Dictionary<string, SqsMessageAttributeValue>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var dataType = reader.ReadString();
            attributes[name] = reader.ReadByte() == BinaryKind
                ? new SqsMessageAttributeValue(dataType, null, reader.ReadBytes(reader.Read7BitEncodedInt()))
                : new SqsMessageAttributeValue(dataType, reader.ReadString(), null);
        }
        return new Stored(body, md5, sender, trace, deduplicationId, sequenceNumber, attributes);
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null) writer.Write(value);
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
