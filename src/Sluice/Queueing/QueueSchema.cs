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
            last_error TEXT NULL,
            item_group TEXT NULL, -- items of one group are handed out in order, one lease at a time (SQS FIFO MessageGroupId)
            first_leased_at_ms INTEGER NULL, -- when it was first handed out (SQS ApproximateFirstReceiveTimestamp)
            dead_letter_source TEXT NULL -- the queue it was dead-lettered from, so that it can be sent back
        );
        CREATE INDEX IF NOT EXISTS queue_items_visible ON queue_items (queue, visible_at_ms, id);
        """,
        [
            new ColumnUpgrade("queue_items", "item_group", "TEXT NULL"),
            new ColumnUpgrade("queue_items", "first_leased_at_ms", "INTEGER NULL"),
            new ColumnUpgrade("queue_items", "dead_letter_source", "TEXT NULL"),
        ],
        AfterUpgrades: """
            CREATE INDEX IF NOT EXISTS queue_items_group ON queue_items (queue, item_group) WHERE item_group IS NOT NULL;
            """);
}
