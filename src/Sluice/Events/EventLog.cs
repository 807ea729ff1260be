using System.Data.Common;
using Sluice.Catalog;

namespace Sluice.Events;

/// <summary>One produced event as the log shows it: what happened, which rule matched, where it went.</summary>
public sealed record EventLogEntry(
    long Id, string Bucket, string Key, string EventName, string Sequencer, DateTimeOffset Time, string RequestId,
    string? ConfigurationId, string? DestinationArn, string? InvocationId, string Status);

/// <summary>SQL for the event log.</summary>
public static class EventLog
{
    private const string Columns =
        "id, bucket, key, event_name, sequencer, time_ms, request_id, configuration_id, destination_arn, invocation_id, status";

    private const string FindById =
        $"SELECT {Columns}, destination_kind, size, etag, host_id, source_ip, principal_id FROM s3_events WHERE id = @id";

    /// <summary>Logs one event; returns its id.</summary>
    public static long Insert(CatalogConnection connection, ObjectChange change, NotificationRule? rule, string? invocationId, string status)
    {
        using var command = connection.Statement("""
            INSERT INTO s3_events (bucket, key, event_name, sequencer, time_ms, request_id, configuration_id,
                                   destination_arn, destination_kind, invocation_id, status, size, etag, host_id, source_ip, principal_id)
            VALUES (@bucket, @key, @event, @sequencer, @time, @request, @configuration, @destination, @kind, @invocation, @status,
                    @size, @etag, @host, @ip, @principal)
            RETURNING id
            """);
        command.Bind("@bucket", change.Bucket);
        command.Bind("@key", change.Key);
        command.Bind("@event", change.EventName.WireName());
        command.Bind("@sequencer", change.Sequencer);
        command.Bind("@time", change.Time.ToUnixTimeMilliseconds());
        command.Bind("@request", change.Origin.RequestId);
        command.Bind("@configuration", rule?.Id);
        command.Bind("@destination", rule?.DestinationArn);
        command.Bind("@kind", rule?.Kind.ToString());
        command.Bind("@invocation", invocationId);
        command.Bind("@status", status);
        command.Bind("@size", change.Size);
        command.Bind("@etag", change.ETag);
        command.Bind("@host", change.Origin.HostId);
        command.Bind("@ip", change.Origin.SourceIp);
        command.Bind("@principal", change.Origin.PrincipalId);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>A stored event with what its message is made of: the rule's destination and the change.</summary>
    public static (EventLogEntry Entry, DestinationKind? Kind, ObjectChange Change)? Find(CatalogConnection connection, long id)
    {
        using var command = connection.Statement(FindById);
        command.Bind("@id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        var entry = Map(reader);
        var kind = reader.IsDBNull(11) ? (DestinationKind?)null : Enum.Parse<DestinationKind>(reader.GetString(11));
        var change = new ObjectChange(S3EventNames.FromWireName(entry.EventName), entry.Bucket, entry.Key,
            reader.IsDBNull(12) ? null : reader.GetInt64(12), reader.IsDBNull(13) ? null : reader.GetString(13),
            reader.GetInt64(4), entry.Time,
            new RequestOrigin(entry.RequestId, StringOrEmpty(reader, 14), StringOrEmpty(reader, 15), StringOrEmpty(reader, 16)));
        return (entry, kind, change);
    }

    private static string StringOrEmpty(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? "" : reader.GetString(ordinal);

    public static void SetDelivery(CatalogConnection connection, long id, string? invocationId, string status)
    {
        using var command = connection.Command("UPDATE s3_events SET invocation_id = @invocation, status = @status WHERE id = @id");
        command.Bind("@id", id);
        command.Bind("@invocation", invocationId);
        command.Bind("@status", status);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Forgets up to <paramref name="limit"/> of the oldest events from before the cutoff whose story is over: those no
    /// configuration matched, and those queued whose invocation has left the queue. An undeliverable event stays until
    /// it is re-delivered, and a queued one stays while its invocation waits or runs. Returns how many were removed.
    /// The log has no index on time: the walk goes by id, which grows with time, and stops at the first recent event, so
    /// it costs what is old rather than the whole log (it runs on the writer's connection).
    /// </summary>
    public static int Prune(CatalogConnection connection, DateTimeOffset cutoff, int limit)
    {
        using var command = connection.Command("""
            DELETE FROM s3_events WHERE id IN (
                SELECT id FROM s3_events
                WHERE id < COALESCE((SELECT id FROM s3_events WHERE time_ms >= @cutoff ORDER BY id LIMIT 1), 9223372036854775807)
                  AND time_ms < @cutoff AND status IN (@unmatched, @queued)
                  AND (invocation_id IS NULL
                       OR NOT EXISTS (SELECT 1 FROM queue_items WHERE item_key = s3_events.invocation_id))
                ORDER BY id LIMIT @limit)
            """);
        command.Bind("@cutoff", cutoff.ToUnixTimeMilliseconds());
        command.Bind("@unmatched", EventHandOff.StatusUnmatched);
        command.Bind("@queued", EventHandOff.StatusQueued);
        command.Bind("@limit", limit);
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// The newest events first, for a bucket and/or a destination function ARN: a walk back from the newest row that
    /// stops after <paramref name="limit"/> matches.
    /// </summary>
    public static List<EventLogEntry> List(CatalogConnection connection, string? bucket, string? destinationArn, long? beforeId, int limit)
    {
        using var command = connection.Command($"""
            SELECT {Columns} FROM s3_events
            WHERE (@bucket IS NULL OR bucket = @bucket)
              AND (@destination IS NULL OR destination_arn = @destination)
              AND (@before IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @limit
            """);
        command.Bind("@bucket", bucket);
        command.Bind("@destination", destinationArn);
        command.Bind("@before", beforeId);
        command.Bind("@limit", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<EventLogEntry>();
        while (reader.Read()) entries.Add(Map(reader));
        return entries;
    }

    private static EventLogEntry Map(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        S3EventMessage.FormatSequencer(reader.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetString(10));
}
