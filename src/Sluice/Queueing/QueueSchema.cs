using Sluice.Catalog;

namespace Sluice.Queueing;

/// <summary>The one table every durable queue keeps its items in (see README.md).</summary>
public static class QueueSchema
{
    /// <summary>Registered before the capabilities' schemas: some move rows of their own earlier queues into it.</summary>
    public static CatalogSchema Schema { get; } = new("queueing", """
        CREATE TABLE IF NOT EXISTS queue_items (
            id INTEGER PRIMARY KEY,
            queue TEXT NOT NULL,
            item_key TEXT NOT NULL UNIQUE, -- the enqueuer's id: an invocation's request id, an SQS MessageId
            payload BLOB NULL,
            payload_reference INTEGER NULL, -- instead of a payload: a row of the enqueuer's that the payload is made from
            enqueued_at_ms INTEGER NOT NULL,
            visible_at_ms INTEGER NOT NULL, -- leasable from then on: enqueued or delayed, retry time, or the lease's expiry
            lease_owner TEXT NULL,
            lease_token INTEGER NULL, -- the current lease; a completion must bring it
            leases INTEGER NOT NULL DEFAULT 0, -- times handed out (SQS ApproximateReceiveCount)
            attempts INTEGER NOT NULL DEFAULT 0, -- times released for a retry
            last_error TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS queue_items_visible ON queue_items (queue, visible_at_ms, id);
        """);
}
