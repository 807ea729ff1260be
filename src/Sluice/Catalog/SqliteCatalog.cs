using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.ObjectPool;

namespace Sluice.Catalog;

/// <summary>
/// The SQLite catalog in WAL mode. Writes go through one writer loop that runs every waiting
/// write in a single transaction (group commit): each write gets its own savepoint, so one
/// failing write is rolled back alone, and all of them share one commit and one fsync.
/// </summary>
public sealed class SqliteCatalog : ICatalog
{
    private const int MaxBatch = 512;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteConstraint = 19;
    private static readonly int MaxIdleReaders = Environment.ProcessorCount * 4;

    /// <summary>How long a write without sync may wait for a durable write to commit with (see <see cref="WriteWithoutSyncAsync"/>).</summary>
    private static readonly TimeSpan HoldWithoutSync = TimeSpan.FromMilliseconds(20);

    private readonly CatalogConnection _writer;
    private readonly Channel<IPendingWrite> _pending = Channel.CreateUnbounded<IPendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });
    // ObjectPool rather than ConcurrentBag: a request's continuations hop between threads, so the bag's
    // per-thread lists kept running dry and every read paid for stealing from another thread's list.
    private readonly ObjectPool<CatalogConnection> _readers;
    private readonly Task _writerLoop;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackToSavepoint;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    /// <summary>Whether commits fsync (synchronous=FULL); only a batch without a durable write turns it off, and the next one with one turns it on first.</summary>
    private bool _syncOnCommit = true;

    public SqliteCatalog(string databasePath, IEnumerable<CatalogSchema> schemas)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        };
        var writer = new SqliteConnection(builder.ToString());
        writer.Open();
        _writer = new CatalogConnection(writer, writer: true);
        // temp_store=MEMORY keeps savepoint journals in memory: a large batch otherwise spilled them to a temp file it created and deleted each time.
        _writer.ExecuteOnce("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA temp_store=MEMORY;");
        foreach (var schema in schemas)
        {
            _writer.ExecuteOnce(schema.Sql);
            foreach (var upgrade in schema.Upgrades ?? [])
                ApplyUpgrade(_writer, upgrade);
            if (schema.AfterUpgrades is { } after)
                _writer.ExecuteOnce(after);
        }

        builder.Mode = SqliteOpenMode.ReadWrite;
        _readers = new DefaultObjectPoolProvider { MaximumRetained = MaxIdleReaders }
            .Create(new ReaderConnectionPolicy(builder.ToString() + ";Default Timeout=30"));
        _savepoint = Prepare(writer, "SAVEPOINT w");
        _release = Prepare(writer, "RELEASE w");
        _rollbackToSavepoint = Prepare(writer, "ROLLBACK TO w; RELEASE w");
        _begin = Prepare(writer, "BEGIN IMMEDIATE");
        _commit = Prepare(writer, "COMMIT");
        _writerLoop = Task.Factory.StartNew(RunWriterLoop, TaskCreationOptions.LongRunning);
    }

    public Task<T> WriteAsync<T>(Func<CatalogConnection, T> work) => Enqueue(new PendingWrite<T>(work, WriteMode.Durable));

    /// <summary>
    /// It waits up to 20 ms for a durable write and shares that batch's commit; when none comes, a batch of such
    /// writes commits without an fsync (WAL, synchronous=NORMAL), which survives a crash of this process and becomes
    /// durable with the next durable commit or checkpoint. Either way it adds no commit of its own while durable
    /// writes keep coming.
    /// </summary>
    public Task WriteWithoutSyncAsync(Action<CatalogConnection> work) =>
        Enqueue(new PendingWrite<bool>(ReturningTrue(work), WriteMode.Held));

    /// <summary>Commits with the next batch, which it does not hold back: without an fsync when no durable write shares it.</summary>
    public Task<T> WriteNowWithoutSyncAsync<T>(Func<CatalogConnection, T> work) => Enqueue(new PendingWrite<T>(work, WriteMode.Prompt));

    private static Func<CatalogConnection, bool> ReturningTrue(Action<CatalogConnection> work) =>
        connection => { work(connection); return true; };

    private Task<T> Enqueue<T>(PendingWrite<T> pending)
    {
        if (!_pending.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(SqliteCatalog));
        return pending.Completion.Task;
    }

    public Task WriteAsync(Action<CatalogConnection> work) => WriteAsync(ReturningTrue(work));

    /// <summary>Connections come from the catalog's pool and stay open, so that their prepared statements survive.</summary>
    public T Read<T>(Func<CatalogConnection, T> work)
    {
        var connection = _readers.Get();
        try
        {
            return work(connection);
        }
        catch (SqliteException failure)
        {
            throw Translate(failure);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writerLoop;
        foreach (var command in new[] { _savepoint, _release, _rollbackToSavepoint, _begin, _commit })
            command.Dispose();
        _writer.Dispose();
        (_readers as IDisposable)?.Dispose();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// Runs on its own thread and blocks while idle, so that commits (and their fsync) never occupy a
    /// thread-pool thread that request handlers need.
    /// </summary>
    private void RunWriterLoop()
    {
        var batch = new List<IPendingWrite>(MaxBatch);
        Task<bool>? readable = null;
        var heldSince = 0L;
        while (true)
        {
            readable ??= _pending.Reader.WaitToReadAsync().AsTask();
            if (readable.Wait(batch.Count == 0 ? Timeout.InfiniteTimeSpan : HoldLeft(heldSince)))
            {
                var open = readable.Result;
                readable = null;
                if (!open)
                    break;
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
                    batch.Add(next);
            }
            if (batch.Count == 0)
                continue;
            // Writes that need no fsync wait (briefly) for a durable one to share its commit instead of adding one of their own.
            if (batch.Count < MaxBatch && batch.TrueForAll(write => write.Mode == WriteMode.Held) && (heldSince == 0 || HoldLeft(heldSince) > TimeSpan.Zero))
            {
                if (heldSince == 0)
                    heldSince = Stopwatch.GetTimestamp();
                continue;
            }
            CommitBatch(batch);
            batch.Clear();
            heldSince = 0;
        }
        if (batch.Count > 0)
            CommitBatch(batch);
    }

    private static TimeSpan HoldLeft(long heldSince)
    {
        var left = HoldWithoutSync - Stopwatch.GetElapsedTime(heldSince);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void CommitBatch(List<IPendingWrite> batch)
    {
        List<Action>? afterCommit = null;
        try
        {
            var durable = batch.Exists(write => write.Mode == WriteMode.Durable);
            if (durable != _syncOnCommit)
            {
                // Not a prepared statement: SQLite applies this pragma when it compiles it, not when it runs it.
                _writer.ExecuteOnce(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
                _syncOnCommit = durable;
            }
            _begin.ExecuteNonQuery();
            foreach (var write in batch)
            {
                _savepoint.ExecuteNonQuery();
                var ran = write.Run(_writer);
                var callbacks = _writer.TakeAfterCommit();
                if (ran)
                {
                    _release.ExecuteNonQuery();
                    if (callbacks is not null)
                        (afterCommit ??= []).AddRange(callbacks);
                }
                else
                {
                    _rollbackToSavepoint.ExecuteNonQuery();
                }
            }
            _commit.ExecuteNonQuery();
        }
        catch (Exception commitFailure)
        {
            _writer.TakeAfterCommit();
            TryExecute(_writer, "ROLLBACK");
            var failure = commitFailure is SqliteException sqlite ? Translate(sqlite) : commitFailure;
            foreach (var write in batch)
                write.Fail(failure);
            return;
        }
        foreach (var callback in afterCommit ?? [])
        {
            // A hand-off that fails must not stop the writer: what it announced is committed, and found by a later read.
            try { callback(); }
            catch (Exception) { }
        }
        foreach (var write in batch)
            write.Complete();
    }

    private static void ApplyUpgrade(CatalogConnection connection, ColumnUpgrade upgrade)
    {
        using var exists = connection.Command("SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column")
            .Bind("@table", upgrade.Table)
            .Bind("@column", upgrade.Column);
        if ((long)exists.ExecuteScalar()! > 0) return;
        connection.ExecuteOnce($"ALTER TABLE {upgrade.Table} ADD COLUMN {upgrade.Column} {upgrade.Definition}");
        if (upgrade.Backfill is { } backfill) connection.ExecuteOnce(backfill);
    }

    /// <summary>SQLite's result codes in the catalog's own terms (https://sqlite.org/rescode.html; extended codes keep the primary in the low byte).</summary>
    private static CatalogException Translate(SqliteException failure) => (failure.SqliteErrorCode & 0xFF) switch
    {
        SqliteFull => new CatalogException(CatalogFailure.StorageFull, failure.Message, failure),
        SqliteIoError when failure.Message.Contains("disk", StringComparison.OrdinalIgnoreCase)
            || failure.Message.Contains("No space", StringComparison.Ordinal) => new CatalogException(CatalogFailure.StorageFull, failure.Message, failure),
        SqliteBusy or SqliteLocked => new CatalogException(CatalogFailure.Busy, failure.Message, failure),
        SqliteConstraint => new CatalogException(CatalogFailure.Constraint, failure.Message, failure),
        _ => new CatalogException(CatalogFailure.Other, failure.Message, failure),
    };

    private static SqliteCommand Prepare(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }

    private static void TryExecute(CatalogConnection connection, string sql)
    {
        try { connection.ExecuteOnce(sql); }
        catch (SqliteException) { /* the transaction may already be gone after an I/O error */ }
    }

    private enum WriteMode
    {
        /// <summary>Its completion waits for an fsync.</summary>
        Durable,

        /// <summary>Commits without an fsync as soon as the writer gets to it.</summary>
        Prompt,

        /// <summary>Waits (briefly) to share a durable write's commit, else commits without an fsync.</summary>
        Held,
    }

    private interface IPendingWrite
    {
        WriteMode Mode { get; }

        /// <summary>Returns false when the work threw; the error is kept for its caller.</summary>
        bool Run(CatalogConnection connection);
        void Complete();
        void Fail(Exception error);
    }

    private sealed class PendingWrite<T>(Func<CatalogConnection, T> work, WriteMode mode) : IPendingWrite
    {
        private T? _result;
        private Exception? _error;

        public WriteMode Mode => mode;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Run(CatalogConnection connection)
        {
            try
            {
                _result = work(connection);
                return true;
            }
            catch (SqliteException error)
            {
                _error = Translate(error);
                return false;
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
