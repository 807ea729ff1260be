namespace Sluice.Functions;

/// <summary>A row of the async queue as the dispatcher holds it.</summary>
internal sealed record QueuedInvocation(
    long Seq, string RequestId, string FunctionName, byte[] Payload, long EnqueuedAtMs, int Attempts, long NotBeforeMs);

/// <summary>A read the backlog needs: the function's rows after <paramref name="AfterSeq"/>, oldest first, within the room left.</summary>
internal sealed record BacklogRefill(string FunctionName, long AfterSeq, int MaxRows, long MaxBytes);

/// <summary>
/// The dispatcher's copy of the async queue, so that dispatching costs work in proportion to what is new rather
/// than to the backlog. Each function's rows are read once, oldest first, past a cursor, and are held here until
/// they start; a row at or below the cursor is never read again, so a finished row is not run twice while its
/// removal is still on its way to disk. A restart begins empty and reads every row again (at-least-once).
/// Not thread-safe: the dispatcher serialises access.
/// </summary>
internal sealed class AsyncInvocationBacklog(int rowsPerFunction, long bytesPerFunction)
{
    private readonly Dictionary<string, FunctionBacklog> _functions = new(StringComparer.Ordinal);

    /// <summary>The highest seq whose function is known: rows past it are looked for with <see cref="Discovered"/>.</summary>
    public long Seen { get; private set; }

    public FunctionBacklog? Find(string functionName) => _functions.GetValueOrDefault(functionName);

    /// <summary>Takes note of functions that have rows past <see cref="Seen"/>, with the highest seq of each.</summary>
    public void Discovered(IEnumerable<(string FunctionName, long MaxSeq)> functions)
    {
        foreach (var (name, maxSeq) in functions)
        {
            var backlog = GetOrAdd(name);
            if (maxSeq > backlog.Cursor && !backlog.Suspended)
                backlog.Unread = true;
            Seen = Math.Max(Seen, maxSeq);
        }
    }

    /// <summary>
    /// Drops what is held for functions that no longer exist (deleting a function deletes its rows) and reads a
    /// function again from its first row when it exists again (rows queued for it before it was created).
    /// </summary>
    public void Reconcile(Func<string, bool> exists)
    {
        foreach (var backlog in _functions.Values)
        {
            if (!exists(backlog.Name))
                backlog.Suspend();
            else if (backlog.Suspended)
                backlog.Resume();
        }
    }

    /// <summary>The reads that would fill each function with unread rows up to its share.</summary>
    public List<BacklogRefill> RefillsNeeded() =>
        [.. _functions.Values.Where(b => b.Unread && !b.Suspended && b.Held < rowsPerFunction && b.HeldBytes < bytesPerFunction)
            .Select(b => new BacklogRefill(b.Name, b.Cursor, rowsPerFunction - b.Held, bytesPerFunction - b.HeldBytes))];

    /// <summary>Keeps what a refill read (oldest first); a read that filled its room leaves more to read.</summary>
    public void Refilled(BacklogRefill refill, IReadOnlyList<QueuedInvocation> rows, bool filled)
    {
        if (_functions.GetValueOrDefault(refill.FunctionName) is not { Suspended: false } backlog || backlog.Cursor != refill.AfterSeq)
            return;
        foreach (var row in rows)
            backlog.Hold(row);
        if (rows.Count > 0)
            backlog.Cursor = rows[^1].Seq;
        backlog.Unread = filled;
    }

    /// <summary>Functions holding rows that are due now (due retries are moved ahead of newer rows first).</summary>
    public IEnumerable<FunctionBacklog> Due(long nowMs)
    {
        foreach (var backlog in _functions.Values)
        {
            backlog.PromoteDue(nowMs);
            if (backlog.HasReady)
                yield return backlog;
        }
    }

    /// <summary>When the earliest retry is due, or null when none waits.</summary>
    public long? NextDueAt() =>
        _functions.Values.Select(b => b.NextDueAt).Where(at => at is not null).Min();

    /// <summary>Whether some function has used up its share and has more rows to read.</summary>
    public bool WantsRefill => _functions.Values.Any(b => b.WantsRefill(rowsPerFunction));

    private FunctionBacklog GetOrAdd(string name)
    {
        if (!_functions.TryGetValue(name, out var backlog))
            _functions[name] = backlog = new FunctionBacklog(name);
        return backlog;
    }
}
