using Sluice.Catalog;
using Sluice.Sqs.Queues;

namespace Sluice.Sqs.Messages;

/// <summary>
/// FIFO ReceiveRequestAttemptId: a receive that names an attempt id remembers the lease it handed out for five minutes,
/// in the lease's own transaction, so that a retry with the same id (its answer was lost) gets the same messages and
/// receipt handles again, with the visibility timeout reset, as long as none of them was deleted or had its visibility
/// changed since. Kept in <c>sqs_receive_attempts</c>.
/// </summary>
internal static class ReceiveAttempts
{
    public const long WindowMs = 5 * 60 * 1000;

    /// <summary>The lease a receive handed out: its token, how many messages it holds and the expiry they were given.</summary>
    public sealed record Attempt(long LeaseToken, int Messages, long VisibleUntilMs);

    public static Attempt? Find(CatalogConnection connection, SqsQueue queue, string attemptId, long nowMs)
    {
        using var command = connection.Statement("""
            SELECT lease_token, messages, visible_until_ms FROM sqs_receive_attempts
            WHERE queue = @queue AND attempt_id = @attempt AND expires_ms > @now
            """);
        command.Bind("@queue", queue.Name).Bind("@attempt", attemptId).Bind("@now", nowMs);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new Attempt(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2)) : null;
    }

    /// <summary>Remembers a receive's lease for the window, which counts from this first receive.</summary>
    public static void Remember(CatalogConnection connection, SqsQueue queue, string attemptId, Attempt attempt, long nowMs) =>
        connection.Execute("""
            INSERT INTO sqs_receive_attempts (queue, attempt_id, lease_token, messages, visible_until_ms, expires_ms)
            VALUES (@queue, @attempt, @token, @messages, @until, @expires)
            ON CONFLICT (queue, attempt_id) DO UPDATE SET lease_token = excluded.lease_token, messages = excluded.messages,
                visible_until_ms = excluded.visible_until_ms, expires_ms = excluded.expires_ms
            """, ("@queue", queue.Name), ("@attempt", attemptId), ("@token", attempt.LeaseToken), ("@messages", attempt.Messages),
            ("@until", attempt.VisibleUntilMs), ("@expires", nowMs + WindowMs));

    /// <summary>A retry reset the visibility: the next retry expects the new expiry.</summary>
    public static void Renewed(CatalogConnection connection, SqsQueue queue, string attemptId, long visibleUntilMs) =>
        connection.Execute("UPDATE sqs_receive_attempts SET visible_until_ms = @until WHERE queue = @queue AND attempt_id = @attempt",
            ("@until", visibleUntilMs), ("@queue", queue.Name), ("@attempt", attemptId));

    public static int Forget(CatalogConnection connection, long nowMs) =>
        connection.Execute("DELETE FROM sqs_receive_attempts WHERE expires_ms <= @now", ("@now", nowMs));
}
