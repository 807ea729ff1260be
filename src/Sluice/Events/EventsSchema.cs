using Sluice.Catalog;

namespace Sluice.Events;

/// <summary>
/// Notification configurations and the event log: every event a configured bucket produced, the rule
/// it matched (or that none did), and the async invocation that carries it to its function.
/// </summary>
public static class EventsSchema
{
    public static CatalogSchema Schema { get; } = new("events", """
        CREATE TABLE IF NOT EXISTS bucket_notifications (
            bucket TEXT PRIMARY KEY,
            configuration TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS s3_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
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
            payload BLOB
        );
        CREATE INDEX IF NOT EXISTS s3_events_by_bucket ON s3_events (bucket, id);
        CREATE INDEX IF NOT EXISTS s3_events_by_destination ON s3_events (destination_arn, id);
        CREATE INDEX IF NOT EXISTS s3_events_by_invocation ON s3_events (invocation_id);
        """);
}
