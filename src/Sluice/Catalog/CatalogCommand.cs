using System.Data.Common;

namespace Sluice.Catalog;

/// <summary>
/// One SQL statement with its parameters. Parameters are named <c>@name</c> in the SQL, which SQLite and
/// PostgreSQL both understand; readers are ADO.NET's own <see cref="DbDataReader"/>.
/// </summary>
public sealed class CatalogCommand : IDisposable
{
    private readonly DbCommand _command;
    private readonly CatalogConnection? _cache;

    internal CatalogCommand(DbCommand command, CatalogConnection? cache)
    {
        _command = command;
        _cache = cache;
        InUse = true;
    }

    internal string Sql => _command.CommandText;

    internal bool InUse { get; set; }

    /// <summary>Binds <paramref name="value"/> (null as SQL NULL) to the parameter <paramref name="name"/>.</summary>
    public CatalogCommand Bind(string name, object? value)
    {
        var parameter = _command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        _command.Parameters.Add(parameter);
        return this;
    }

    public int ExecuteNonQuery() => _command.ExecuteNonQuery();

    public object? ExecuteScalar() => _command.ExecuteScalar();

    public DbDataReader ExecuteReader() => _command.ExecuteReader();

    /// <summary>A cached command goes back to its connection's cache with its parameters cleared; a one-off one is freed.</summary>
    public void Dispose()
    {
        if (_cache is null)
        {
            _command.Dispose();
            return;
        }
        if (!InUse) return;
        _command.Parameters.Clear();
        InUse = false;
        _cache.Return(this);
    }

    internal void Release() => _command.Dispose();
}
