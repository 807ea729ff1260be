namespace Sluice.Routing;

/// <summary>Registers the routing log that topics and buses write to.</summary>
public static class RoutingLogServiceCollectionExtensions
{
    public static IServiceCollection AddRoutingLog(this IServiceCollection services)
    {
        services.AddSingleton(RoutingSchema.Schema);
        return services;
    }
}
