using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Sluice.Catalog;

/// <summary>
/// Prepared statements kept per open connection: a query that runs on every request is parsed once per
/// connection instead of once per call. The catalog keeps its connections open for this (the writer and
/// a pool of readers); a connection is used by one thread at a time, so the cache needs no lock.
/// </summary>
public static class CatalogStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, StatementCache> Caches = new();

    /// <summary>
    /// A prepared command for <paramref name="sql"/> with no parameters. Disposing it hands it back to the
    /// connection's cache rather than finalizing its statements.
    /// </summary>
    public static SqliteCommand Statement(this SqliteConnection connection, string sql) =>
        Caches.GetValue(connection, static _ => new StatementCache()).Rent(connection, sql);

    private sealed class StatementCache
    {
        private readonly Dictionary<string, Stack<CachedCommand>> _idle = new(StringComparer.Ordinal);

        public CachedCommand Rent(SqliteConnection connection, string sql)
        {
            if (_idle.TryGetValue(sql, out var idle) && idle.TryPop(out var command))
            {
                command.InUse = true;
                return command;
            }
            return new CachedCommand(this, connection, sql);
        }

        public void Return(CachedCommand command)
        {
            command.Parameters.Clear();
            command.InUse = false;
            if (!_idle.TryGetValue(command.CommandText, out var idle))
                _idle[command.CommandText] = idle = new Stack<CachedCommand>(1);
            idle.Push(command);
        }
    }

    private sealed class CachedCommand : SqliteCommand
    {
        private readonly StatementCache _cache;
        private readonly string _sql;

        public CachedCommand(StatementCache cache, SqliteConnection connection, string sql) : base(sql, connection)
        {
            _cache = cache;
            _sql = sql;
            InUse = true;
        }

        public bool InUse { get; set; }

        /// <summary>The cache is keyed by the text, so a cached command's text never changes.</summary>
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string CommandText
        {
            get => base.CommandText;
            set
            {
                if (_sql is not null && value != _sql)
                    throw new InvalidOperationException("A cached statement's SQL cannot change; use CreateCommand for varying SQL.");
                base.CommandText = value;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && InUse)
                _cache.Return(this);
        }
    }
}
