using Sluice.Queueing;

namespace Sluice.Catalog;

/// <summary>Registers the one catalog every capability shares; each capability registers its own <see cref="CatalogSchema"/>.</summary>
public static class CatalogServiceCollectionExtensions
{
    /// <summary>The durable queue's table is registered here, first, because capabilities' schemas may move rows into it.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, string databasePath)
    {
        services.AddSingleton(QueueSchema.Schema);
        return services.AddSingleton<ICatalog>(provider => new SqliteCatalog(databasePath, provider.GetServices<CatalogSchema>()));
    }
}
