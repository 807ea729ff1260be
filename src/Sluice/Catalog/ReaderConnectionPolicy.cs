using Microsoft.Data.Sqlite;
using Microsoft.Extensions.ObjectPool;

namespace Sluice.Catalog;

/// <summary>Read connections for the catalog's pool: opened on demand, kept open so that their prepared statements survive.</summary>
internal sealed class ReaderConnectionPolicy(string connectionString) : IPooledObjectPolicy<CatalogConnection>
{
    public CatalogConnection Create()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return new CatalogConnection(connection);
    }

    public bool Return(CatalogConnection connection) => true;
}
