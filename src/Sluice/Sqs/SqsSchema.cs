using Sluice.Catalog;

namespace Sluice.Sqs;

/// <summary>SQS's catalog tables; its messages live in the leased queue's <c>queue_items</c> (see README.md).</summary>
public static class SqsSchema
{
    public static CatalogSchema Create() => new("sqs", """
        CREATE TABLE IF NOT EXISTS sqs_queues (
            name TEXT PRIMARY KEY,
            attributes TEXT NOT NULL, -- the settable attributes as SQS renders them, a JSON object of strings
            tags TEXT NOT NULL,
            created_s INTEGER NOT NULL,
            modified_s INTEGER NOT NULL,
            last_sequence INTEGER NOT NULL DEFAULT 0 -- FIFO: the SequenceNumber last given
        );
        CREATE TABLE IF NOT EXISTS sqs_settings (
            name TEXT PRIMARY KEY,
            value BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS sqs_deduplication (
            queue TEXT NOT NULL,
            dedup_key TEXT NOT NULL, -- the deduplication id, prefixed by the group when deduplicating per group
            message_id TEXT NOT NULL,
            sequence_number TEXT NULL,
            expires_ms INTEGER NOT NULL,
            PRIMARY KEY (queue, dedup_key)
        );
        CREATE TABLE IF NOT EXISTS sqs_move_tasks (
            handle TEXT PRIMARY KEY,
            source_arn TEXT NOT NULL,
            destination_arn TEXT NULL,
            max_per_second INTEGER NULL,
            status TEXT NOT NULL,
            moved INTEGER NOT NULL,
            to_move INTEGER NOT NULL,
            failure_reason TEXT NULL,
            started_ms INTEGER NOT NULL
        );
        """);
}
