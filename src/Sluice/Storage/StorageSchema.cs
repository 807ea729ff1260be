using Sluice.Catalog;

namespace Sluice.Storage;

/// <summary>The storage tables. Keys compare as UTF-8 bytes (BINARY collation), S3's listing order.</summary>
public static class StorageSchema
{
    public static CatalogSchema Schema { get; } = new("storage", """
        CREATE TABLE IF NOT EXISTS buckets (
            name TEXT PRIMARY KEY,
            created_ms INTEGER NOT NULL,
            region TEXT NOT NULL,
            cors TEXT
        );
        CREATE TABLE IF NOT EXISTS objects (
            bucket TEXT NOT NULL REFERENCES buckets(name),
            key TEXT NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            modified_ms INTEGER NOT NULL,
            content_type TEXT,
            headers TEXT,
            metadata TEXT,
            checksums TEXT,
            tags TEXT,
            segments TEXT,
            inline_body BLOB,
            sequencer INTEGER NOT NULL,
            PRIMARY KEY (bucket, key)
        );
        CREATE TABLE IF NOT EXISTS multipart_uploads (
            upload_id TEXT PRIMARY KEY,
            bucket TEXT NOT NULL REFERENCES buckets(name),
            key TEXT NOT NULL,
            initiated_ms INTEGER NOT NULL,
            content_type TEXT,
            headers TEXT,
            metadata TEXT,
            tags TEXT,
            checksum_algorithm TEXT
        );
        CREATE INDEX IF NOT EXISTS multipart_uploads_by_key ON multipart_uploads (bucket, key, initiated_ms);
        CREATE TABLE IF NOT EXISTS multipart_parts (
            upload_id TEXT NOT NULL REFERENCES multipart_uploads(upload_id) ON DELETE CASCADE,
            part_number INTEGER NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            modified_ms INTEGER NOT NULL,
            blob_id TEXT NOT NULL,
            checksums TEXT,
            PRIMARY KEY (upload_id, part_number)
        );
        CREATE TABLE IF NOT EXISTS counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        """);
}
