using Microsoft.Data.Sqlite;

namespace Sluice.Events;

/// <summary>Where queued event invocations stand, read from the functions' durable queue.</summary>
public static class PendingDeliveries
{
    public static PendingDelivery? Find(SqliteConnection connection, string invocationId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT attempts, not_before_ms, last_error FROM function_async_queue WHERE request_id = $id";
        command.Parameters.AddWithValue("$id", invocationId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new PendingDelivery(reader.GetInt32(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }
}
