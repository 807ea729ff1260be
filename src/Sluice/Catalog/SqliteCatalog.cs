using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Sluice.Catalog;

/// <summary>
/// The SQLite catalog in WAL mode. Writes go through one writer loop that runs every waiting
/// write in a single transaction (group commit): each write gets its own savepoint, so one
/// failing write is rolled back alone, and all of them share one commit and one fsync.
/// </summary>
public sealed class SqliteCatalog : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private static readonly int MaxIdleReaders = Environment.ProcessorCount * 4;

    private readonly string _readConnectionString;
    private readonly SqliteConnection _writer;
    private readonly Channel<IPendingWrite> _pending = Channel.CreateUnbounded<IPendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];
    private readonly Task _writerLoop;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackToSavepoint;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;

    public SqliteCatalog(string databasePath, IEnumerable<CatalogSchema> schemas)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        };
        _writer = new SqliteConnection(builder.ToString());
        _writer.Open();
        Execute(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
        foreach (var schema in schemas)
            Execute(_writer, schema.Sql);

        builder.Mode = SqliteOpenMode.ReadWrite;
        _readConnectionString = builder.ToString() + ";Default Timeout=30";
        _savepoint = Prepare(_writer, "SAVEPOINT w");
        _release = Prepare(_writer, "RELEASE w");
        _rollbackToSavepoint = Prepare(_writer, "ROLLBACK TO w; RELEASE w");
        _begin = Prepare(_writer, "BEGIN IMMEDIATE");
        _commit = Prepare(_writer, "COMMIT");
        _writerLoop = Task.Factory.StartNew(RunWriterLoop, TaskCreationOptions.LongRunning);
    }

    /// <summary>Runs <paramref name="work"/> inside the next group commit; completes once it is durable.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, T> work)
    {
        var pending = new PendingWrite<T>(work);
        if (!_pending.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(SqliteCatalog));
        return pending.Completion.Task;
    }

    public Task WriteAsync(Action<SqliteConnection> work) =>
        WriteAsync<bool>(connection => { work(connection); return true; });

    /// <summary>
    /// Runs a read on an open connection from the catalog's pool (kept open so that its prepared
    /// statements survive); WAL lets reads proceed beside the writer.
    /// </summary>
    public T Read<T>(Func<SqliteConnection, T> work)
    {
        if (!_idleReaders.TryTake(out var connection))
        {
            connection = new SqliteConnection(_readConnectionString);
            connection.Open();
        }
        try
        {
            return work(connection);
        }
        finally
        {
            if (_idleReaders.Count < MaxIdleReaders) _idleReaders.Add(connection);
            else connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writerLoop;
        foreach (var command in new[] { _savepoint, _release, _rollbackToSavepoint, _begin, _commit })
            command.Dispose();
        _writer.Dispose();
        while (_idleReaders.TryTake(out var reader))
            reader.Dispose();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// Runs on its own thread and blocks while idle, so that commits (and their fsync) never occupy a
    /// thread-pool thread that request handlers need.
    /// </summary>
    private void RunWriterLoop()
    {
        var batch = new List<IPendingWrite>(MaxBatch);
        while (_pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
                batch.Add(next);
            CommitBatch(batch);
            batch.Clear();
        }
    }

    private void CommitBatch(List<IPendingWrite> batch)
    {
        try
        {
            _begin.ExecuteNonQuery();
            foreach (var write in batch)
            {
                _savepoint.ExecuteNonQuery();
                if (write.Run(_writer))
                    _release.ExecuteNonQuery();
                else
                    _rollbackToSavepoint.ExecuteNonQuery();
            }
            _commit.ExecuteNonQuery();
        }
        catch (Exception commitFailure)
        {
            TryExecute(_writer, "ROLLBACK");
            foreach (var write in batch)
                write.Fail(commitFailure);
            return;
        }
        foreach (var write in batch)
            write.Complete();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void TryExecute(SqliteConnection connection, string sql)
    {
        try { Execute(connection, sql); }
        catch (SqliteException) { /* the transaction may already be gone after an I/O error */ }
    }

    private interface IPendingWrite
    {
        /// <summary>Returns false when the work threw; the error is kept for its caller.</summary>
        bool Run(SqliteConnection connection);
        void Complete();
        void Fail(Exception error);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, T> work) : IPendingWrite
    {
        private T? _result;
        private Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Run(SqliteConnection connection)
        {
            try
            {
                _result = work(connection);
                return true;
            }
            catch (Exception error)
            {
                _error = error;
                return false;
            }
        }

        public void Complete()
        {
            if (_error is null) Completion.TrySetResult(_result!);
            else Completion.TrySetException(_error);
        }

        public void Fail(Exception error) => Completion.TrySetException(_error ?? error);
    }
}
