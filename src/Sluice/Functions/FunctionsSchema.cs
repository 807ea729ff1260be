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
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            request_id TEXT NOT NULL UNIQUE,
            function_name TEXT NOT NULL,
            payload BLOB NOT NULL,
            enqueued_at_ms INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before_ms INTEGER NOT NULL,
            last_error TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS function_async_queue_due
            ON function_async_queue (function_name, not_before_ms, seq);
        """);
}
