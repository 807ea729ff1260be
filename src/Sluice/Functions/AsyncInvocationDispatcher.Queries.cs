using Microsoft.Data.Sqlite;

namespace Sluice.Functions;

// The dispatcher's reads of the queue.
public sealed partial class AsyncInvocationDispatcher
{
    private static List<string> DueFunctions(SqliteConnection connection, long now)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT function_name FROM function_async_queue WHERE not_before_ms <= $now";
        command.Parameters.AddWithValue("$now", now);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private static List<QueuedInvocation> DueRows(SqliteConnection connection, string functionName, long now, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, request_id, payload, enqueued_at_ms, attempts FROM function_async_queue
            WHERE function_name = $function AND not_before_ms <= $now ORDER BY seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$function", functionName);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<QueuedInvocation>();
        while (reader.Read())
            rows.Add(new QueuedInvocation(reader.GetInt64(0), reader.GetString(1), functionName, (byte[])reader[2], reader.GetInt64(3), reader.GetInt32(4)));
        return rows;
    }

    private static long? NextDueAt(SqliteConnection connection, long now)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(not_before_ms) FROM function_async_queue WHERE not_before_ms > $now";
        command.Parameters.AddWithValue("$now", now);
        return command.ExecuteScalar() is long at ? at : null;
    }

    private sealed record QueuedInvocation(long Seq, string RequestId, string FunctionName, byte[] Payload, long EnqueuedAtMs, int Attempts);
}
