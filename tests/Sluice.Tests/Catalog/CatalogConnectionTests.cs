using Microsoft.Data.Sqlite;
using Sluice.Catalog;

namespace Sluice.Tests.Catalog;

public sealed class CatalogConnectionTests : IDisposable
{
    private readonly CatalogConnection _connection = Open();

    public CatalogConnectionTests() => _connection.Execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT)");

    [Fact]
    public void Statement_DisposedThenAskedAgain_IsTheSameCommandWithNoParameters()
    {
        CatalogCommand first;
        using (first = _connection.Statement("INSERT INTO items (name) VALUES (@name)"))
            first.Bind("@name", "a").ExecuteNonQuery();
        using var second = _connection.Statement("INSERT INTO items (name) VALUES (@name)");

        Assert.Same(first, second);
        second.Bind("@name", "b").ExecuteNonQuery();
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
    public void Statement_OtherConnection_HasItsOwnCommand()
    {
        using var other = Open();
        CatalogCommand mine;
        using (mine = _connection.Statement("SELECT 1")) mine.ExecuteScalar();
        using var theirs = other.Statement("SELECT 1");

        Assert.NotSame(mine, theirs);
        Assert.Equal(1L, theirs.ExecuteScalar());
    }

    [Fact]
    public void Bind_Null_StoresSqlNull()
    {
        _connection.Execute("INSERT INTO items (name, note) VALUES (@name, @note)", ("@name", "a"), ("@note", null));

        using var select = _connection.Statement("SELECT COUNT(*) FROM items WHERE note IS NULL");
        Assert.Equal(1L, select.ExecuteScalar());
    }

    [Fact]
    public void Command_OneOff_IsNotCached()
    {
        CatalogCommand first;
        using (first = _connection.Command("SELECT 1")) first.ExecuteScalar();
        using var second = _connection.Command("SELECT 1");

        Assert.NotSame(first, second);
    }

    public void Dispose() => _connection.Dispose();

    private static CatalogConnection Open()
    {
        var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        return new CatalogConnection(sqlite);
    }

    private List<string> Names()
    {
        using var select = _connection.Statement("SELECT name FROM items ORDER BY id");
        using var reader = select.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }
}
