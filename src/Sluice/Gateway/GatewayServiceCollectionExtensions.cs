using Sluice.Events;
using Sluice.Functions;
using Sluice.Functions.Api;
using Sluice.Sqs.Api;

namespace Sluice.Gateway;

/// <summary>Registers the edge: the protocol table, its protocols of its own (S3, the unserved ones) and the middleware.</summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddGateway(this IServiceCollection services)
    {
        services.AddSingleton<S3RouteTable>();
        services.AddSingleton<S3Api>();
        services.AddSingleton<UnservedProtocol>();
        services.AddSingleton(provider => new ProtocolTable(
            s3: provider.GetRequiredService<S3Api>(),
            lambda: provider.GetRequiredService<LambdaApi>(),
            events: provider.GetRequiredService<EventsApi>(),
            sqs: provider.GetRequiredService<SqsApi>(),
            unserved: provider.GetRequiredService<UnservedProtocol>()));
        services.AddSingleton<EdgeMiddleware>();
        return services;
    }
}
