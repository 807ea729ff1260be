using System.Data.Common;
using Sluice.Catalog;

namespace Sluice.Storage.Buckets;

/// <summary>SQL for the buckets table.</summary>
public static class BucketCatalog
{
    public static BucketRecord? Find(CatalogConnection connection, string name)
    {
        using var command = connection.Statement("SELECT name, created_ms, region, cors FROM buckets WHERE name = @name");
        command.Bind("@name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Map(reader) : null;
    }

    public static List<BucketRecord> List(CatalogConnection connection)
    {
        using var command = connection.Statement("SELECT name, created_ms, region, cors FROM buckets ORDER BY name");
        using var reader = command.ExecuteReader();
        var buckets = new List<BucketRecord>();
        while (reader.Read()) buckets.Add(Map(reader));
        return buckets;
    }

    /// <summary>False when the bucket already exists.</summary>
    public static bool Insert(CatalogConnection connection, BucketRecord bucket)
    {
        using var command = connection.Statement("INSERT INTO buckets (name, created_ms, region) VALUES (@name, @created, @region) ON CONFLICT (name) DO NOTHING");
        command.Bind("@name", bucket.Name);
        command.Bind("@created", bucket.Created.ToUnixTimeMilliseconds());
        command.Bind("@region", bucket.Region);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>No objects; unfinished multipart uploads do not count (S3 deletes them with the bucket).</summary>
    public static bool IsEmpty(CatalogConnection connection, string name)
    {
        using var command = connection.Statement("SELECT NOT EXISTS (SELECT 1 FROM objects WHERE bucket = @name)");
        command.Bind("@name", name);
        return Convert.ToInt64(command.ExecuteScalar()) == 1;
    }

    public static bool Delete(CatalogConnection connection, string name)
    {
        using var command = connection.Statement("DELETE FROM buckets WHERE name = @name");
        command.Bind("@name", name);
        return command.ExecuteNonQuery() == 1;
    }

    public static void SetCors(CatalogConnection connection, string name, string? corsXml)
    {
        using var command = connection.Statement("UPDATE buckets SET cors = @cors WHERE name = @name");
        command.Bind("@name", name);
        command.Bind("@cors", corsXml);
        command.ExecuteNonQuery();
    }

    private static BucketRecord Map(DbDataReader reader) => new(
        reader.GetString(0),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3));
}
