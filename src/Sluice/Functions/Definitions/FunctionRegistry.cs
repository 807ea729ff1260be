using System.Collections.Concurrent;
using System.Text.Json;
using Sluice.Catalog;
using Sluice.Functions.Api;
using Sluice.Functions.Async;
using Sluice.Queueing;

namespace Sluice.Functions.Definitions;

/// <summary>
/// The functions' definitions: durable in the catalog, served from memory. Mutations are
/// serialised (the control plane is low-rate) and reach memory only once durable.
/// </summary>
public sealed class FunctionRegistry
{
    private readonly ICatalog _catalog;
    private readonly ConcurrentDictionary<string, FunctionState> _functions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _mutation = new(1, 1);

    public FunctionRegistry(ICatalog catalog)
    {
        _catalog = catalog;
        foreach (var state in catalog.Read(LoadAll))
            _functions[state.Definition.Name] = state;
    }

    public FunctionState? Find(string name) => _functions.GetValueOrDefault(name);

    public IReadOnlyList<FunctionState> All() => [.. _functions.Values.OrderBy(f => f.Definition.Name, StringComparer.Ordinal)];

    public int ReservedTotal(string? except = null) =>
        _functions.Values.Where(f => f.Definition.Name != except).Sum(f => f.ReservedConcurrency ?? 0);

    /// <summary>Runs a read-modify-write of one function under the mutation lock and persists the result.</summary>
    public async Task<FunctionState> MutateAsync(string name, Func<FunctionState?, FunctionState> change)
    {
        await _mutation.WaitAsync();
        try
        {
            var updated = change(Find(name));
            await _catalog.WriteAsync(connection => Upsert(connection, updated));
            _functions[name] = updated;
            return updated;
        }
        finally
        {
            _mutation.Release();
        }
    }

    public async Task<bool> DeleteAsync(string name)
    {
        await _mutation.WaitAsync();
        try
        {
            if (!_functions.TryGetValue(name, out var existing))
                return false;
            await _catalog.WriteAsync(connection =>
            {
                connection.Execute("DELETE FROM functions WHERE name = @name", ("@name", name));
                LeasedQueue.Purge(connection, AsyncInvocationQueue.QueueOf(name));
            });
            _functions.TryRemove(name, out _);
            return true;
        }
        finally
        {
            _mutation.Release();
        }
    }

    private static void Upsert(CatalogConnection connection, FunctionState state)
    {
        connection.Execute("""
            INSERT INTO functions (name, definition, reserved_concurrency, event_invoke_config)
            VALUES (@name, @definition, @reserved, @config)
            ON CONFLICT (name) DO UPDATE SET definition = excluded.definition,
                reserved_concurrency = excluded.reserved_concurrency, event_invoke_config = excluded.event_invoke_config
            """,
            ("@name", state.Definition.Name),
            ("@definition", JsonSerializer.Serialize(state.Definition, LambdaJsonContext.Default.FunctionDefinition)),
            ("@reserved", state.ReservedConcurrency),
            ("@config", state.EventInvokeConfig is { } config ? JsonSerializer.Serialize(config, LambdaJsonContext.Default.EventInvokeConfig) : null));
    }

    private static List<FunctionState> LoadAll(CatalogConnection connection)
    {
        using var command = connection.Command("SELECT definition, reserved_concurrency, event_invoke_config FROM functions");
        using var reader = command.ExecuteReader();
        var all = new List<FunctionState>();
        while (reader.Read())
        {
            var definition = JsonSerializer.Deserialize(reader.GetString(0), LambdaJsonContext.Default.FunctionDefinition)!;
            int? reserved = reader.IsDBNull(1) ? null : reader.GetInt32(1);
            var config = reader.IsDBNull(2) ? null : JsonSerializer.Deserialize(reader.GetString(2), LambdaJsonContext.Default.EventInvokeConfig);
            all.Add(new FunctionState(definition, reserved, config));
        }
        return all;
    }
}
