using Sluice.Catalog;
using Sluice.Functions.Async;

namespace Sluice.Functions;

/// <summary>The functions capability's catalog tables; its async queue is the leased queue's (register <see cref="Queueing.QueueSchema"/> first).</summary>
public static class FunctionsSchema
{
    public static CatalogSchema Create() => new("functions", """
        CREATE TABLE IF NOT EXISTS functions (
            name TEXT PRIMARY KEY,
            definition TEXT NOT NULL,
            reserved_concurrency INTEGER NULL,
            event_invoke_config TEXT NULL
        );
        -- The async queue before the leased queue (queue_items, see Queueing/): created here only so that the rows an
        -- earlier version left can move (AfterUpgrades), whichever version made it.
        CREATE TABLE IF NOT EXISTS function_async_queue (
            seq INTEGER PRIMARY KEY,
            request_id TEXT NOT NULL UNIQUE,
            function_name TEXT NOT NULL,
            payload BLOB NOT NULL,
            enqueued_at_ms INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before_ms INTEGER NOT NULL,
            last_error TEXT NULL,
            payload_reference INTEGER NULL
        );
        CREATE TABLE IF NOT EXISTS function_async_attempts (
            invocation_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            started_ms INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            error TEXT NULL,
            PRIMARY KEY (invocation_id, attempt)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS function_async_attempts_started ON function_async_attempts (started_ms);
        CREATE TABLE IF NOT EXISTS function_logs (
            seq INTEGER PRIMARY KEY,
            function_name TEXT NOT NULL,
            request_id TEXT NOT NULL,
            started_ms INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS function_logs_by_function ON function_logs (function_name, seq);
        """,
        [new ColumnUpgrade("function_async_queue", "payload_reference", "INTEGER NULL")],
        AfterUpgrades: $"""
            INSERT INTO queue_items (queue, item_key, payload, payload_reference, enqueued_at_ms, visible_at_ms, attempts, last_error)
            SELECT '{AsyncInvocationQueue.QueuePrefix}' || function_name, request_id, CASE WHEN payload_reference IS NULL THEN payload END,
                payload_reference, enqueued_at_ms, not_before_ms, attempts, last_error
            FROM function_async_queue ORDER BY seq;
            DROP TABLE function_async_queue;
            """);
}
