namespace Sluice.Functions;

/// <summary>One function's rows held by the backlog: those due oldest first, the others (retries) by when they are due.</summary>
internal sealed class FunctionBacklog(string name)
{
    private readonly PriorityQueue<QueuedInvocation, long> _ready = new();
    private readonly PriorityQueue<QueuedInvocation, long> _waiting = new();

    public string Name { get; } = name;

    /// <summary>The highest seq read; every row of the function up to it is held, running, or finished.</summary>
    public long Cursor { get; set; }

    /// <summary>Rows past the cursor may exist.</summary>
    public bool Unread { get; set; }

    /// <summary>The function does not exist: nothing is held or read until it does.</summary>
    public bool Suspended { get; private set; }

    /// <summary>Invocations started and not yet finished.</summary>
    public int InFlight { get; set; }

    public int Held => _ready.Count + _waiting.Count;
    public long HeldBytes { get; private set; }
    public bool HasReady => _ready.Count > 0;
    public long? NextDueAt => _waiting.TryPeek(out _, out var at) ? at : null;

    /// <summary>Holds a row read from the queue, or one that failed and waits for its next attempt.</summary>
    public void Hold(QueuedInvocation row)
    {
        HeldBytes += row.Payload.Length;
        _waiting.Enqueue(row, row.NotBeforeMs);
    }

    /// <summary>Makes a held retry due at <paramref name="nowMs"/> instead of later; false when it is not waiting here.</summary>
    public bool BringForward(string requestId, long nowMs)
    {
        foreach (var (row, at) in _waiting.UnorderedItems)
        {
            if (row.RequestId != requestId)
                continue;
            if (at <= nowMs)
                return true;
            _waiting.Remove(row, out _, out _);
            _waiting.Enqueue(row with { NotBeforeMs = nowMs }, nowMs);
            return true;
        }
        return false;
    }

    public bool TryPeek(out QueuedInvocation row) => _ready.TryPeek(out row!, out _);

    public QueuedInvocation Take()
    {
        var row = _ready.Dequeue();
        HeldBytes -= row.Payload.Length;
        return row;
    }

    /// <summary>Below half its share with rows left to read: the dispatcher should read more before it runs dry.</summary>
    public bool WantsRefill(int rowsPerFunction) => Unread && !Suspended && Held < rowsPerFunction / 2;

    public void PromoteDue(long nowMs)
    {
        while (_waiting.TryPeek(out var row, out var at) && at <= nowMs)
        {
            _waiting.Dequeue();
            _ready.Enqueue(row, row.Seq);
        }
    }

    public void Suspend()
    {
        _ready.Clear();
        _waiting.Clear();
        HeldBytes = 0;
        Cursor = 0;
        Unread = false;
        Suspended = true;
    }

    public void Resume()
    {
        Suspended = false;
        Unread = true;
    }
}
