using Sluice.Events.Destinations;
using Sluice.Functions;
using Sluice.Functions.Async;

namespace Sluice.Events;

/// <summary>Registers S3 events: notification configurations, the hand-off to destinations by kind, the event log and its API.</summary>
public static class EventsServiceCollectionExtensions
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddSingleton(EventsSchema.Schema);
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<IEventDestination, FunctionDestination>();
        services.AddSingleton<IEventDestination, QueueDestination>();
        services.AddSingleton<EventHandOff>();
        services.AddSingleton<IQueuedPayloadSource, S3EventPayloads>();
        services.AddSingleton<NotificationHandlers>();
        services.AddSingleton<EventReplay>();
        services.AddHostedService<EventLogRetention>();
        services.AddSingleton<EventsApi>();
        return services;
    }
}
