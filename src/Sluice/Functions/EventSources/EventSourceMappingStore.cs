using System.Collections.Concurrent;
using System.Text.Json;
using Sluice.Catalog;

namespace Sluice.Functions.EventSources;

/// <summary>
/// The event source mappings: durable in the catalog, served from memory. Mutations are serialised (the control plane
/// is low-rate) and reach memory only once durable; <see cref="Changed"/> then tells the pollers.
/// </summary>
public sealed class EventSourceMappingStore
{
    private readonly ICatalog _catalog;
    private readonly ConcurrentDictionary<string, EventSourceMapping> _mappings = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _mutation = new(1, 1);

    public EventSourceMappingStore(ICatalog catalog)
    {
        _catalog = catalog;
        foreach (var mapping in catalog.Read(LoadAll))
            _mappings[mapping.Uuid] = mapping;
    }

    /// <summary>Raised with a mapping's UUID once a change to it (or its deletion) is durable.</summary>
    public event Action<string>? Changed;

    public EventSourceMapping? Find(string uuid) => _mappings.GetValueOrDefault(uuid);

    /// <summary>Every mapping, in UUID order (the order ListEventSourceMappings pages in).</summary>
    public IReadOnlyList<EventSourceMapping> All() => [.. _mappings.Values.OrderBy(m => m.Uuid, StringComparer.Ordinal)];

    /// <summary>
    /// Runs a read-modify-write of one mapping under the mutation lock and persists the result. <paramref name="change"/>
    /// sees every other mapping as it stands (<see cref="All"/>), so a uniqueness check inside it holds.
    /// </summary>
    public async Task<EventSourceMapping> MutateAsync(string uuid, Func<EventSourceMapping?, EventSourceMapping> change)
    {
        await _mutation.WaitAsync();
        try
        {
            var updated = change(Find(uuid));
            await _catalog.WriteAsync(connection => Upsert(connection, updated));
            _mappings[uuid] = updated;
        }
        finally
        {
            _mutation.Release();
        }
        Changed?.Invoke(uuid);
        return _mappings[uuid];
    }

    public async Task<EventSourceMapping?> DeleteAsync(string uuid)
    {
        EventSourceMapping? existing;
        await _mutation.WaitAsync();
        try
        {
            if (!_mappings.TryGetValue(uuid, out existing))
                return null;
            await _catalog.WriteAsync(connection => connection.Execute("DELETE FROM event_source_mappings WHERE uuid = @uuid", ("@uuid", uuid)));
            _mappings.TryRemove(uuid, out _);
        }
        finally
        {
            _mutation.Release();
        }
        Changed?.Invoke(uuid);
        return existing;
    }

    private static void Upsert(CatalogConnection connection, EventSourceMapping mapping) =>
        connection.Execute("""
            INSERT INTO event_source_mappings (uuid, function_name, event_source_arn, configuration)
            VALUES (@uuid, @function, @source, @configuration)
            ON CONFLICT (uuid) DO UPDATE SET function_name = excluded.function_name,
                event_source_arn = excluded.event_source_arn, configuration = excluded.configuration
            """,
            ("@uuid", mapping.Uuid),
            ("@function", mapping.FunctionName),
            ("@source", mapping.EventSourceArn),
            ("@configuration", JsonSerializer.Serialize(mapping, EventSourcesJsonContext.Default.EventSourceMapping)));

    private static List<EventSourceMapping> LoadAll(CatalogConnection connection)
    {
        using var command = connection.Command("SELECT configuration FROM event_source_mappings");
        using var reader = command.ExecuteReader();
        var all = new List<EventSourceMapping>();
        while (reader.Read())
            all.Add(JsonSerializer.Deserialize(reader.GetString(0), EventSourcesJsonContext.Default.EventSourceMapping)!);
        return all;
    }
}
