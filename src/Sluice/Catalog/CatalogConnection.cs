using System.Data.Common;

namespace Sluice.Catalog;

/// <summary>
/// The open connection a read or a write runs on (in a write, inside the group's transaction). It owns the
/// statements: <see cref="Statement"/> hands out a prepared command parsed once per connection and reused,
/// which matters on every request's path. A connection is used by one thread at a time, so the cache has no lock.
/// </summary>
public sealed class CatalogConnection : IDisposable
{
    private readonly Dictionary<string, Stack<CatalogCommand>> _idle = new(StringComparer.Ordinal);
    private readonly bool _writer;
    private List<Action>? _afterCommit;

    internal CatalogConnection(DbConnection connection, bool writer = false)
    {
        Connection = connection;
        _writer = writer;
    }

    internal DbConnection Connection { get; }

    /// <summary>
    /// Runs <paramref name="callback"/> once the write running on this connection has committed, and never if it rolls
    /// back: a hand-off to memory that must not happen for work that did not commit. It runs on the writer's thread,
    /// before the write's caller resumes, so it must be short and must not throw.
    /// </summary>
    public void AfterCommit(Action callback)
    {
        if (!_writer)
            throw new InvalidOperationException("AfterCommit belongs to a write; a read has nothing to commit.");
        (_afterCommit ??= []).Add(callback);
    }

    /// <summary>The callbacks the write that just ran registered (the writer keeps them until its batch commits).</summary>
    internal List<Action>? TakeAfterCommit()
    {
        var callbacks = _afterCommit;
        _afterCommit = null;
        return callbacks;
    }

    /// <summary>A prepared, cached command for constant <paramref name="sql"/>; disposing it hands it back to the cache.</summary>
    public CatalogCommand Statement(string sql)
    {
        if (_idle.TryGetValue(sql, out var idle) && idle.TryPop(out var cached))
        {
            cached.InUse = true;
            return cached;
        }
        return new CatalogCommand(Create(sql), this);
    }

    /// <summary>A one-off command, for SQL whose text varies from call to call.</summary>
    public CatalogCommand Command(string sql) => new(Create(sql), cache: null);

    /// <summary>Runs one constant statement with its parameters; returns the rows it changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Statement(sql);
        foreach (var (name, value) in parameters)
            command.Bind(name, value);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs SQL that is not worth caching: schema, pragmas (SQLite applies those when it compiles them, not when they run).</summary>
    internal void ExecuteOnce(string sql)
    {
        using var command = Create(sql);
        command.ExecuteNonQuery();
    }

    internal void Return(CatalogCommand command)
    {
        if (!_idle.TryGetValue(command.Sql, out var idle))
            _idle[command.Sql] = idle = new Stack<CatalogCommand>(1);
        idle.Push(command);
    }

    public void Dispose()
    {
        foreach (var idle in _idle.Values)
        {
            foreach (var command in idle) command.Release();
        }
        _idle.Clear();
        Connection.Dispose();
    }

    private DbCommand Create(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
