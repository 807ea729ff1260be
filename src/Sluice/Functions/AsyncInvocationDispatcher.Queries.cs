using Sluice.Catalog;

namespace Sluice.Functions;

// The dispatcher's reads of the queue: only rows past what it has already read.
public sealed partial class AsyncInvocationDispatcher
{
    /// <summary>The functions with rows past <paramref name="afterSeq"/>, with the highest seq of each.</summary>
    private static List<(string FunctionName, long MaxSeq)> NewRowsByFunction(CatalogConnection connection, long afterSeq)
    {
        // MATERIALIZED: the planner would otherwise group along the (function_name, seq) index and walk all of it, the
        // whole backlog, on every read; the seq range of the primary key holds only the new rows.
        using var command = connection.Statement("""
            WITH fresh AS MATERIALIZED (SELECT function_name, seq FROM function_async_queue WHERE seq > @after)
            SELECT function_name, MAX(seq) FROM fresh GROUP BY function_name
            """);
        command.Bind("@after", afterSeq);
        using var reader = command.ExecuteReader();
        var functions = new List<(string, long)>();
        while (reader.Read()) functions.Add((reader.GetString(0), reader.GetInt64(1)));
        return functions;
    }

    /// <summary>
    /// The function's rows after the refill's seq, oldest first, until its row or byte room is used; and whether it was.
    /// A row enqueued by reference gets its payload from the payload source; one whose source is gone gets an empty
    /// payload, which its function fails on, so that it ends in the attempts' history rather than waiting forever.
    /// </summary>
    private (List<QueuedInvocation> Rows, bool Filled) RowsAfter(CatalogConnection connection, BacklogRefill refill)
    {
        using var command = connection.Statement("""
            SELECT seq, request_id, payload, enqueued_at_ms, attempts, not_before_ms, payload_reference FROM function_async_queue
            WHERE function_name = @function AND seq > @after ORDER BY seq LIMIT @limit
            """);
        command.Bind("@function", refill.FunctionName);
        command.Bind("@after", refill.AfterSeq);
        command.Bind("@limit", refill.MaxRows);
        using var reader = command.ExecuteReader();
        var rows = new List<QueuedInvocation>();
        long bytes = 0;
        while (reader.Read())
        {
            var payload = reader.IsDBNull(6) ? (byte[])reader[2] : _payloads?.Payload(connection, reader.GetInt64(6)) ?? [];
            rows.Add(new QueuedInvocation(reader.GetInt64(0), reader.GetString(1), refill.FunctionName, payload,
                reader.GetInt64(3), reader.GetInt32(4), reader.GetInt64(5)));
            bytes += payload.Length;
            if (bytes >= refill.MaxBytes)
                return (rows, true);
        }
        return (rows, rows.Count == refill.MaxRows);
    }
}
