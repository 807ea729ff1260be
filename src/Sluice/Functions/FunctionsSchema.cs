using Sluice.Catalog;

namespace Sluice.Functions;

/// <summary>The functions capability's catalog tables.</summary>
public static class FunctionsSchema
{
    public static CatalogSchema Create() => new("functions", """
        CREATE TABLE IF NOT EXISTS functions (
            name TEXT PRIMARY KEY,
            definition TEXT NOT NULL,
            reserved_concurrency INTEGER NULL,
            event_invoke_config TEXT NULL
        );
        CREATE TABLE IF NOT EXISTS function_async_queue (
            seq INTEGER PRIMARY KEY, -- given by AsyncInvocationQueue, which never hands one out twice while it runs
            request_id TEXT NOT NULL UNIQUE,
            function_name TEXT NOT NULL,
            payload BLOB NOT NULL,
            enqueued_at_ms INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before_ms INTEGER NOT NULL,
            last_error TEXT NULL,
            payload_reference INTEGER NULL -- set instead of the payload: IQueuedPayloadSource makes it when the row is read
        );
        -- Replaced by the index below: the dispatcher reads each function's rows past a cursor, not by due time.
        DROP INDEX IF EXISTS function_async_queue_due;
        CREATE INDEX IF NOT EXISTS function_async_queue_by_function ON function_async_queue (function_name, seq);
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
        [new ColumnUpgrade("function_async_queue", "payload_reference", "INTEGER NULL")]);
}
