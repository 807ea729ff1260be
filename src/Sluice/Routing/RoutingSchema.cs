using Sluice.Catalog;

namespace Sluice.Routing;

/// <summary>
/// The routing log: every message a topic accepted and every event a bus accepted, with the document its subscriptions'
/// filter policies and its rules' patterns were matched against, and one row per delivery it was handed to.
/// </summary>
public static class RoutingSchema
{
    public static CatalogSchema Schema { get; } = new("routing", """
        CREATE TABLE IF NOT EXISTS routed_messages (
            id INTEGER PRIMARY KEY,
            source_kind TEXT NOT NULL,   -- topic | bus
            source_arn TEXT NOT NULL,
            message_id TEXT NOT NULL,    -- the SNS MessageId or the EventBridge event id
            time_ms INTEGER NOT NULL,
            document TEXT NOT NULL       -- what was matched: the event, or the message with its attributes
        );
        CREATE INDEX IF NOT EXISTS routed_messages_by_message_id ON routed_messages (message_id);
        CREATE TABLE IF NOT EXISTS routed_deliveries (
            message_row INTEGER NOT NULL,
            route_arn TEXT NOT NULL,     -- the subscription ARN, or the rule ARN
            target_id TEXT,              -- the rule's target id (a subscription has none)
            target_kind TEXT NOT NULL,   -- function | queue | topic | bus | http
            target_arn TEXT NOT NULL,
            delivery_id TEXT,            -- the async invocation id, queue message id or delivery item id that carries it
            status TEXT NOT NULL,
            status_reason TEXT
        );
        CREATE INDEX IF NOT EXISTS routed_deliveries_by_message ON routed_deliveries (message_row);
        """);
}
