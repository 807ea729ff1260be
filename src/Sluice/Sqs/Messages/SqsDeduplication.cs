using System.Security.Cryptography;
using System.Text;
using Sluice.Catalog;
using Sluice.Sqs.Queues;

namespace Sluice.Sqs.Messages;

/// <summary>
/// FIFO deduplication: a send whose deduplication id (given, or the SHA-256 of the body) was seen on the queue in the
/// last five minutes is accepted but not enqueued, and answered with the first message's id — also after that message
/// was received and deleted. The window is kept in <c>sqs_deduplication</c>, so it survives a restart.
/// </summary>
internal static class SqsDeduplication
{
    public const long WindowMs = 5 * 60 * 1000;

    public sealed record Original(string MessageId, string? SequenceNumber);

    public static string ContentId(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>The key in the window: per group when the queue deduplicates per group (ids cannot hold a newline).</summary>
    public static string Key(SqsQueue queue, string groupId, string deduplicationId) =>
        queue.DeduplicatesPerGroup ? groupId + "\n" + deduplicationId : deduplicationId;

    public static Original? Find(CatalogConnection connection, SqsQueue queue, string key, long nowMs)
    {
        using var command = connection.Statement("""
            SELECT message_id, sequence_number FROM sqs_deduplication WHERE queue = @queue AND dedup_key = @key AND expires_ms > @now
            """);
        command.Bind("@queue", queue.Name).Bind("@key", key).Bind("@now", nowMs);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new Original(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
    }

    public static void Remember(CatalogConnection connection, SqsQueue queue, string key, Original original, long nowMs) =>
        connection.Execute("""
            INSERT INTO sqs_deduplication (queue, dedup_key, message_id, sequence_number, expires_ms) VALUES (@queue, @key, @id, @sequence, @expires)
            ON CONFLICT (queue, dedup_key) DO UPDATE SET message_id = excluded.message_id, sequence_number = excluded.sequence_number,
                expires_ms = excluded.expires_ms
            """, ("@queue", queue.Name), ("@key", key), ("@id", original.MessageId), ("@sequence", original.SequenceNumber),
            ("@expires", nowMs + WindowMs));

    public static int Forget(CatalogConnection connection, long nowMs) =>
        connection.Execute("DELETE FROM sqs_deduplication WHERE expires_ms <= @now", ("@now", nowMs));
}
