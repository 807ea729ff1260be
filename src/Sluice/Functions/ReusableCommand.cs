using Microsoft.Data.Sqlite;

namespace Sluice.Functions;

/// <summary>One statement run for many rows of a transaction: SQLite compiles it once instead of once per row.</summary>
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
}
