namespace Sluice.Catalog;

/// <summary>Registers the one catalog every capability shares; each capability registers its own <see cref="CatalogSchema"/>.</summary>
public static class CatalogServiceCollectionExtensions
{
    public static IServiceCollection AddCatalog(this IServiceCollection services, string databasePath) =>
        services.AddSingleton<ICatalog>(provider => new SqliteCatalog(databasePath, provider.GetServices<CatalogSchema>()));
}
