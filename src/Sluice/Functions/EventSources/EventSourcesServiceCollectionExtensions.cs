namespace Sluice.Functions.EventSources;

/// <summary>Registers the event source mappings: their table and store.</summary>
public static class EventSourcesServiceCollectionExtensions
{
    public static IServiceCollection AddEventSources(this IServiceCollection services)
    {
        services.AddSingleton(EventSourcesSchema.Schema);
        services.AddSingleton<EventSourceMappingStore>();
        return services;
    }
}
