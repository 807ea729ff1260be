using System.Runtime.InteropServices;
using Sluice.Catalog;

namespace Sluice.Functions;

/// <summary>An asynchronous invocation still in the queue: attempts made so far, when the next may start, and the last error.</summary>
public sealed record PendingInvocation(
    string InvocationId, string FunctionName, DateTimeOffset Enqueued, int Attempts, DateTimeOffset NextAttemptAt, string? LastError);

/// <summary>
/// The durable queue of asynchronous invocations (a catalog table). Other capabilities hand
/// work off with <see cref="Enqueue"/> inside the catalog transaction they already hold (an S3
/// event commits with its object), then call <see cref="Wake"/> once that write is durable.
/// </summary>
public sealed class AsyncInvocationQueue(ICatalog catalog, TimeProvider time)
{
    /// <summary>AWS's limit for an asynchronous payload.</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>
    /// The last seq handed out. The dispatcher reads each function's rows past a cursor, so a seq must not come back
    /// while this process runs, as SQLite's rowid would after the newest row completed and was deleted. Counting here
    /// from the highest seq present at start (the dispatcher's cursor also starts again with the process) does that
    /// without AUTOINCREMENT, whose sqlite_sequence row every enqueue's commit had to write.
    /// </summary>
    private long _lastSeq = catalog.Read(connection =>
    {
        using var command = connection.Statement("SELECT COALESCE(MAX(seq), 0) FROM function_async_queue");
        return (long)command.ExecuteScalar()!;
    });

    /// <summary>
    /// A new request id: a time-ordered UUID (version 7). The unique index on it then grows at its end, where a group
    /// commit's rows share pages, instead of each row changing a random page that the commit must write out.
    /// </summary>
    public static string NewRequestId() => Guid.CreateVersion7().ToString();

    /// <summary>Adds one invocation inside the caller's transaction; returns its request id.</summary>
    public string Enqueue(CatalogConnection connection, string functionName, ReadOnlyMemory<byte> payload, long nowUnixMs) =>
        Insert(connection, functionName, WholeArray(payload), null, nowUnixMs, NewRequestId());

    /// <summary>
    /// Adds one invocation whose payload the <see cref="IQueuedPayloadSource"/> makes from <paramref name="reference"/>
    /// when the dispatcher reads the row; returns its request id.
    /// </summary>
    public string EnqueueReference(CatalogConnection connection, string functionName, long reference, long nowUnixMs, string requestId) =>
        Insert(connection, functionName, [], reference, nowUnixMs, requestId);

    private string Insert(CatalogConnection connection, string functionName, byte[] payload, long? reference, long nowUnixMs, string requestId)
    {
        using var command = connection.Statement("""
            INSERT INTO function_async_queue (seq, request_id, function_name, payload, payload_reference, enqueued_at_ms, not_before_ms)
            VALUES (@seq, @id, @function, @payload, @reference, @now, @now)
            """);
        command.Bind("@seq", Interlocked.Increment(ref _lastSeq));
        command.Bind("@id", requestId);
        command.Bind("@function", functionName);
        command.Bind("@payload", payload);
        command.Bind("@reference", reference);
        command.Bind("@now", nowUnixMs);
        command.ExecuteNonQuery();
        return requestId;
    }

    /// <summary>The payload's own array when it spans all of one (a destination record does), else a copy: SQLite binds arrays only.</summary>
    private static byte[] WholeArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    /// <summary>The invocation's place in the queue, or null once it has finished (see <see cref="AsyncInvocationAttempts.For"/>) or never existed.</summary>
    public static PendingInvocation? Pending(CatalogConnection connection, string invocationId)
    {
        using var command = connection.Statement("""
            SELECT function_name, enqueued_at_ms, attempts, not_before_ms, last_error FROM function_async_queue WHERE request_id = @id
            """);
        command.Bind("@id", invocationId);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new PendingInvocation(invocationId, reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.GetInt32(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    /// <summary>
    /// Inside the caller's transaction, makes a queued invocation's next attempt due now (a retry waiting for its delay
    /// runs at once, with its attempts so far); call <see cref="WakeDueNow"/> after the commit. False when it is not queued.
    /// </summary>
    public static bool MakeDueNow(CatalogConnection connection, string invocationId, long nowUnixMs) =>
        connection.Execute("""
            UPDATE function_async_queue SET not_before_ms = CASE WHEN not_before_ms > @now THEN @now ELSE not_before_ms END
            WHERE request_id = @id
            """, ("@id", invocationId), ("@now", nowUnixMs)) > 0;

    /// <summary>Raised by <see cref="WakeDueNow"/>: the dispatcher holds the row it read, with the old time, in memory.</summary>
    internal event Action<string, string>? MadeDueNow;

    /// <summary>After <see cref="MakeDueNow"/> committed: the dispatcher's held copy becomes due too, and it is woken.</summary>
    public void WakeDueNow(string functionName, string invocationId)
    {
        MadeDueNow?.Invoke(functionName, invocationId);
        Wake();
    }

    /// <summary>Enqueues in a write of its own; completes once the invocation is durable.</summary>
    public async Task<string> EnqueueAsync(string functionName, ReadOnlyMemory<byte> payload)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var requestId = await catalog.WriteAsync(connection => Enqueue(connection, functionName, payload, now));
        Wake();
        return requestId;
    }

    /// <summary>Tells the dispatcher that work may be waiting. Cheap; call it after your commit.</summary>
    public void Wake()
    {
        if (_signal.CurrentCount > 0) return;
        try { _signal.Release(); }
        catch (SemaphoreFullException) { }
    }

    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);

    /// <summary>The function's invocations still queued: waiting, running, or finished with their completion not yet recorded.</summary>
    public long Depth(string functionName) => catalog.Read(connection =>
    {
        using var command = connection.Statement("SELECT COUNT(*) FROM function_async_queue WHERE function_name = @function");
        command.Bind("@function", functionName);
        return (long)command.ExecuteScalar()!;
    });
}
