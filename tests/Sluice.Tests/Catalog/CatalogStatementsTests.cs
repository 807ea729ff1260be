using Microsoft.Data.Sqlite;
using Sluice.Catalog;

namespace Sluice.Tests.Catalog;

public class CatalogStatementsTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public CatalogStatementsTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)";
        create.ExecuteNonQuery();
    }

    [Fact]
    public void Statement_DisposedThenAskedAgain_IsTheSameCommandWithNoParameters()
    {
        SqliteCommand first;
        using (first = _connection.Statement("INSERT INTO items (name) VALUES ($name)"))
        {
            first.Parameters.AddWithValue("$name", "a");
            first.ExecuteNonQuery();
        }
        using var second = _connection.Statement("INSERT INTO items (name) VALUES ($name)");

        Assert.Same(first, second);
        Assert.Empty(second.Parameters);
        second.Parameters.AddWithValue("$name", "b");
        second.ExecuteNonQuery();
        Assert.Equal(["a", "b"], Names());
    }

    [Fact]
    public void Statement_SameSqlWhileTheFirstIsInUse_IsASeparateCommand()
    {
        using var outer = _connection.Statement("SELECT name FROM items ORDER BY id");
        using var inner = _connection.Statement("SELECT name FROM items ORDER BY id");

        Assert.NotSame(outer, inner);
    }

    [Fact]
    public void Statement_ChangingItsSql_IsRefused()
    {
        using var command = _connection.Statement("SELECT 1");

        Assert.Throws<InvalidOperationException>(() => command.CommandText = "SELECT 2");
    }

    [Fact]
    public void Statement_OtherConnection_HasItsOwnCommand()
    {
        using var other = new SqliteConnection("Data Source=:memory:");
        other.Open();
        SqliteCommand mine;
        using (mine = _connection.Statement("SELECT 1")) mine.ExecuteScalar();
        using var theirs = other.Statement("SELECT 1");

        Assert.NotSame(mine, theirs);
        Assert.Equal(1L, theirs.ExecuteScalar());
    }

    public void Dispose() => _connection.Dispose();

    private List<string> Names()
    {
        using var select = _connection.Statement("SELECT name FROM items ORDER BY id");
        using var reader = select.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }
}
