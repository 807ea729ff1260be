using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Sluice.Functions;

/// <summary>One statement run for many rows: SQLite compiles it once instead of once per row.</summary>
internal sealed class ReusableCommand : IDisposable
{
    private readonly SqliteCommand _command;

    public ReusableCommand(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        foreach (var name in parameterNames)
            _command.Parameters.Add(new SqliteParameter { ParameterName = name });
    }

    /// <summary>Runs the statement with values for its parameters, in the order they were named.</summary>
    public int Execute(params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            _command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    /// <summary>
    /// A statement kept with its connection, for statements that every upload to a configured bucket runs in the
    /// catalog's one writer connection. The table is per statement; a connection is only ever used by one thread.
    /// </summary>
    public static ReusableCommand For(ConditionalWeakTable<SqliteConnection, ReusableCommand> cache, SqliteConnection connection,
        string sql, params string[] parameterNames) =>
        cache.GetValue(connection, c => new ReusableCommand(c, sql, parameterNames));
}
