using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Sluice.Queueing;

namespace Sluice.Sqs.Messages;

/// <summary>
/// Receipt handles: one per receive, naming the leased item and its lease, authenticated with an HMAC keyed by a
/// secret of the data folder, so a handle cannot be forged or moved to another queue. A handle the HMAC refuses is
/// invalid; one that authenticates but whose lease is gone is stale (the message was received again or deleted).
/// </summary>
public sealed class ReceiptHandles(byte[] key)
{
    private const int MacLength = 16;
    private const int Length = 8 + 8 + MacLength;
    private const int MaxTextLength = 1024;

    public string Create(string queueName, QueueLease lease)
    {
        Span<byte> handle = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(handle, lease.ItemId);
        BinaryPrimitives.WriteInt64BigEndian(handle[8..], lease.Token);
        Mac(queueName, handle[..16], handle[16..]);
        return Convert.ToBase64String(handle).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The lease a handle of this queue names; false when it is malformed, forged or another queue's.</summary>
    public bool TryRead(string queueName, string text, out QueueLease lease)
    {
        lease = default;
        if (text.Length is 0 or > MaxTextLength) return false;
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        Span<byte> handle = stackalloc byte[Length + 3];
        if (!Convert.TryFromBase64String(base64, handle, out var written) || written != Length) return false;
        Span<byte> expected = stackalloc byte[MacLength];
        Mac(queueName, handle[..16], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, handle[16..Length])) return false;
        lease = new QueueLease(BinaryPrimitives.ReadInt64BigEndian(handle), BinaryPrimitives.ReadInt64BigEndian(handle[8..]));
        return true;
    }

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    private void Mac(string queueName, ReadOnlySpan<byte> lease, Span<byte> destination)
    {
        var name = Encoding.UTF8.GetBytes(queueName);
        var input = new byte[name.Length + lease.Length];
        name.CopyTo(input, 0);
        lease.CopyTo(input.AsSpan(name.Length));
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, input, mac);
        mac[..MacLength].CopyTo(destination);
    }
}
