using System.Collections.Concurrent;
using System.Text;
using System.Xml.Linq;
using Sluice.Catalog;

namespace Sluice.Events;

/// <summary>Buckets' notification configurations, cached because every write to the bucket consults them.</summary>
public sealed class NotificationStore
{
    private readonly ConcurrentDictionary<string, NotificationConfiguration> _cache = new(StringComparer.Ordinal);

    /// <summary>The bucket's configuration as of the caller's transaction.</summary>
    public NotificationConfiguration Get(CatalogConnection connection, string bucket) =>
        _cache.GetOrAdd(bucket, name => Load(connection, name));

    /// <summary>Replaces the configuration inside the caller's transaction (an empty one removes it).</summary>
    public void Set(CatalogConnection connection, string bucket, NotificationConfiguration configuration)
    {
        if (configuration.Rules.Count == 0 && !configuration.EventBridge)
        {
            using var delete = connection.Statement("DELETE FROM bucket_notifications WHERE bucket = @bucket").Bind("@bucket", bucket);
            delete.ExecuteNonQuery();
        }
        else
        {
            using var upsert = connection.Statement("""
                INSERT INTO bucket_notifications (bucket, configuration) VALUES (@bucket, @configuration)
                ON CONFLICT (bucket) DO UPDATE SET configuration = excluded.configuration
                """)
                .Bind("@bucket", bucket)
                .Bind("@configuration", Encoding.UTF8.GetString(NotificationConfigurationXml.Render(configuration)));
            upsert.ExecuteNonQuery();
        }
        _cache[bucket] = configuration;
    }

    /// <summary>Drops the cached copy; the next reader loads what the catalog holds (after a failed commit).</summary>
    public void Forget(string bucket) => _cache.TryRemove(bucket, out _);

    private static NotificationConfiguration Load(CatalogConnection connection, string bucket)
    {
        using var command = connection.Command("SELECT configuration FROM bucket_notifications WHERE bucket = @bucket");
        command.Bind("@bucket", bucket);
        return command.ExecuteScalar() is string xml
            ? NotificationConfigurationXml.Parse(XElement.Parse(xml))
            : NotificationConfiguration.Empty;
    }
}
