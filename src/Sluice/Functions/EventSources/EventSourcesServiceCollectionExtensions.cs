namespace Sluice.Functions.EventSources;

/// <summary>Registers the event source mappings: their table and store, and the pollers that feed queues to functions.</summary>
public static class EventSourcesServiceCollectionExtensions
{
    public static IServiceCollection AddEventSources(this IServiceCollection services)
    {
        services.AddSingleton(EventSourcesSchema.Schema);
        services.AddSingleton<EventSourceMappingStore>();
        services.AddSingleton<CapacitySignal>();
        services.AddSingleton<EventSourceServices>();
        services.AddSingleton<EventSourcePollers>();
        services.AddHostedService(provider => provider.GetRequiredService<EventSourcePollers>());
        return services;
    }
}
