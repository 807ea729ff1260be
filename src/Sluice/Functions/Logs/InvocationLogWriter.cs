using System.Threading.Channels;
using Sluice.Catalog;

namespace Sluice.Functions.Logs;

/// <summary>
/// Persists invocation logs in the catalog in the background: entries wait in a bounded buffer and go
/// in batches, at most one catalog write at a time and a few a second, so invocations never wait for a
/// durable write, and without an fsync of their own (logs are best effort). A crash loses at most the last moment's
/// logs; each function keeps its newest entries only.
/// </summary>
internal sealed class InvocationLogWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    private readonly ICatalog _catalog;
    private readonly int _perFunction;
    private readonly Channel<Change> _changes = Channel.CreateBounded<Change>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Task _loop;

    public InvocationLogWriter(ICatalog catalog, int perFunction)
    {
        _catalog = catalog;
        _perFunction = perFunction;
        _loop = Task.Run(RunAsync);
    }

    private sealed record Change(InvocationLogEntry? Entry, string? Forget);

    public void Add(InvocationLogEntry entry) => _changes.Writer.TryWrite(new Change(entry, null));

    /// <summary>The function was deleted: its logs go, including any still waiting to be written.</summary>
    public void Forget(string functionName) => _changes.Writer.TryWrite(new Change(null, functionName));

    public async ValueTask DisposeAsync()
    {
        _changes.Writer.TryComplete();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    internal static long LastSequence(CatalogConnection connection)
    {
        using var command = connection.Command("SELECT COALESCE(MAX(seq), 0) FROM function_logs");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The function's newest persisted logs up to a sequence, oldest first.</summary>
    internal static List<InvocationLogEntry> Load(CatalogConnection connection, string functionName, long upTo, int limit)
    {
        using var command = connection.Command("""
            SELECT seq, request_id, started_ms, text FROM function_logs
            WHERE function_name = @function AND seq <= @upTo ORDER BY seq DESC LIMIT @limit
            """);
        command.Bind("@function", functionName);
        command.Bind("@upTo", upTo);
        command.Bind("@limit", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<InvocationLogEntry>();
        while (reader.Read())
            entries.Add(new InvocationLogEntry(reader.GetInt64(0), functionName, reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetString(3)));
        entries.Reverse();
        return entries;
    }

    private async Task RunAsync()
    {
        var batch = new List<Change>(MaxBatch);
        while (await _changes.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _changes.Reader.TryRead(out var change))
                batch.Add(change);
            try
            {
                await _catalog.WriteWithoutSyncAsync(connection => Apply(connection, batch));
            }
            catch (Exception error) when (error is CatalogException or ObjectDisposedException)
            {
                // Logs are best effort: the entries stay in memory, only their copy on disk is missing.
            }
            batch.Clear();
            if (!_changes.Reader.Completion.IsCompleted)
                await Task.Delay(Pause);
        }
    }

    private void Apply(CatalogConnection connection, List<Change> batch)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in batch)
        {
            if (change.Forget is { } forgotten)
            {
                connection.Execute("DELETE FROM function_logs WHERE function_name = @function", ("@function", forgotten));
                touched.Remove(forgotten);
                continue;
            }
            var entry = change.Entry!;
            connection.Execute("""
                INSERT INTO function_logs (seq, function_name, request_id, started_ms, text)
                VALUES (@seq, @function, @request, @started, @text)
                ON CONFLICT (seq) DO UPDATE SET function_name = excluded.function_name, request_id = excluded.request_id,
                    started_ms = excluded.started_ms, text = excluded.text
                """,
                ("@seq", entry.Sequence), ("@function", entry.FunctionName), ("@request", entry.RequestId),
                ("@started", entry.Started.ToUnixTimeMilliseconds()), ("@text", entry.Text));
            touched.Add(entry.FunctionName);
        }
        foreach (var function in touched)
            connection.Execute("""
                DELETE FROM function_logs WHERE function_name = @function AND seq <
                    (SELECT seq FROM function_logs WHERE function_name = @function ORDER BY seq DESC LIMIT 1 OFFSET @keep)
                """, ("@function", function), ("@keep", _perFunction - 1));
    }
}
