using Sluice.Catalog;

namespace Sluice.Events;

/// <summary>
/// Notification configurations and the event log: every event a configured bucket produced, the rule
/// it matched (or that none did), and the async invocation that carries it to its function.
/// </summary>
public static class EventsSchema
{
    /// <summary>
    /// A log row keeps the fields its S3 event message is made of, not the message, and its invocation's queue row
    /// refers to it: the message is made when the dispatcher reads that row (<see cref="S3EventPayloads"/>), so a
    /// notified upload writes the event once rather than once as fields and again as a message.
    /// </summary>
    public static CatalogSchema Schema { get; } = new("events", """
        CREATE TABLE IF NOT EXISTS bucket_notifications (
            bucket TEXT PRIMARY KEY,
            configuration TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS s3_events (
            id INTEGER PRIMARY KEY,
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            event_name TEXT NOT NULL,
            sequencer INTEGER NOT NULL,
            time_ms INTEGER NOT NULL,
            request_id TEXT NOT NULL,
            configuration_id TEXT,
            destination_arn TEXT,
            destination_kind TEXT,
            invocation_id TEXT,
            status TEXT NOT NULL,
            status_reason TEXT,
            size INTEGER,
            etag TEXT,
            host_id TEXT,
            source_ip TEXT,
            principal_id TEXT
        );
        -- No secondary indexes: listing walks the log newest first (EventLog.List), which none of them served, and each
        -- one was another b-tree insert in the transaction of every notified upload.
        DROP INDEX IF EXISTS s3_events_by_bucket;
        DROP INDEX IF EXISTS s3_events_by_destination;
        DROP INDEX IF EXISTS s3_events_by_invocation;
        """,
        [
            // Logs written before these columns kept the whole message in a payload column; the fields come from it.
            Upgrade("size", "INTEGER", "$.Records[0].s3.object.size"),
            Upgrade("etag", "TEXT", "$.Records[0].s3.object.eTag"),
            Upgrade("host_id", "TEXT", "$.Records[0].responseElements.\"x-amz-id-2\""),
            Upgrade("source_ip", "TEXT", "$.Records[0].requestParameters.sourceIPAddress"),
            Upgrade("principal_id", "TEXT", "$.Records[0].userIdentity.principalId"),
            // Logs written before statuses were values kept one text; its value and its reason are read out of it.
            new ColumnUpgrade("s3_events", "status_reason", "TEXT", """
                UPDATE s3_events SET status = 'undeliverable', status_reason = substr(status, 16) WHERE status LIKE 'undeliverable: %';
                UPDATE s3_events SET status = 'matched-none' WHERE status = 'no configuration matched';
                """),
        ]);

    private static ColumnUpgrade Upgrade(string column, string type, string jsonPath) => new("s3_events", column, type,
        $"UPDATE s3_events SET {column} = json_extract(payload, '{jsonPath}') WHERE payload IS NOT NULL");
}
