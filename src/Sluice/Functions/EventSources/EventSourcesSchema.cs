using Sluice.Catalog;

namespace Sluice.Functions.EventSources;

/// <summary>The event source mappings' table: one row per mapping, its settings as JSON.</summary>
public static class EventSourcesSchema
{
    public static CatalogSchema Schema { get; } = new("event-sources", """
        CREATE TABLE IF NOT EXISTS event_source_mappings (
            uuid TEXT PRIMARY KEY,
            function_name TEXT NOT NULL,
            event_source_arn TEXT NOT NULL,
            configuration TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS event_source_mappings_by_source ON event_source_mappings (event_source_arn, function_name);
        """);
}
