using Microsoft.Data.Sqlite;
using Sluice.Catalog;

namespace Sluice.Storage.Buckets;

/// <summary>SQL for the buckets table.</summary>
public static class BucketCatalog
{
    public static BucketRecord? Find(SqliteConnection connection, string name)
    {
        using var command = connection.Statement("SELECT name, created_ms, region, cors FROM buckets WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Map(reader) : null;
    }

    public static List<BucketRecord> List(SqliteConnection connection)
    {
        using var command = connection.Statement("SELECT name, created_ms, region, cors FROM buckets ORDER BY name");
        using var reader = command.ExecuteReader();
        var buckets = new List<BucketRecord>();
        while (reader.Read()) buckets.Add(Map(reader));
        return buckets;
    }

    /// <summary>False when the bucket already exists.</summary>
    public static bool Insert(SqliteConnection connection, BucketRecord bucket)
    {
        using var command = connection.Statement("INSERT OR IGNORE INTO buckets (name, created_ms, region) VALUES ($name, $created, $region)");
        command.Parameters.AddWithValue("$name", bucket.Name);
        command.Parameters.AddWithValue("$created", bucket.Created.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$region", bucket.Region);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>No objects; unfinished multipart uploads do not count (S3 deletes them with the bucket).</summary>
    public static bool IsEmpty(SqliteConnection connection, string name)
    {
        using var command = connection.Statement("SELECT NOT EXISTS (SELECT 1 FROM objects WHERE bucket = $name)");
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(command.ExecuteScalar()) == 1;
    }

    public static bool Delete(SqliteConnection connection, string name)
    {
        using var command = connection.Statement("DELETE FROM buckets WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery() == 1;
    }

    public static void SetCors(SqliteConnection connection, string name, string? corsXml)
    {
        using var command = connection.Statement("UPDATE buckets SET cors = $cors WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$cors", (object?)corsXml ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static BucketRecord Map(SqliteDataReader reader) => new(
        reader.GetString(0),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3));
}
