using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Sluice.Catalog;
using Sluice.Functions.Api;
using Sluice.Functions.Async;
using Sluice.Functions.Definitions;
using Sluice.Functions.Environments;
using Sluice.Functions.EventSources;
using Sluice.Functions.Logs;
using Sluice.Functions.Scheduling;
using Sluice.Hosting;

namespace Sluice.Functions;

/// <summary>Registers the functions capability: control plane, scheduler, environments and the async queue.</summary>
public static class FunctionsServiceCollectionExtensions
{
    public static IServiceCollection AddFunctions(this IServiceCollection services)
    {
        services.AddSingleton(FunctionsSchema.Create());
        services.AddSingleton(_ => FunctionsOptions.FromEnvironment());
        services.AddSingleton(provider => new CodeStore(provider.GetRequiredService<SluiceOptions>().DataPath));
        services.AddSingleton<FunctionRegistry>();
        services.AddSingleton(provider => new InvocationLogStore(provider.GetRequiredService<ICatalog>()));
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<SluiceOptions>();
            return new EnvironmentFactory(
                provider.GetRequiredService<ILoggerFactory>(),
                provider.GetRequiredService<FunctionsOptions>(),
                options.Region, options.AccountId, options.AccessKey, options.SecretKey, options.DataPath,
                () => ServerEndpoint(provider), provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(provider =>
        {
            var registry = provider.GetRequiredService<FunctionRegistry>();
            return new FunctionScheduler(
                provider.GetRequiredService<EnvironmentFactory>(),
                provider.GetRequiredService<InvocationLogStore>(),
                () => registry.ReservedTotal());
        });
        services.AddSingleton<AsyncInvocationQueue>();
        services.AddSingleton<ForegroundPressure>();
        services.AddHostedService<AsyncInvocationDispatcher>();
        services.AddHostedService<RuntimeReadinessReport>();
        services.AddEventSources();
        services.AddSingleton<LambdaApi>();
        return services;
    }

    /// <summary>The address handlers' SDKs use to reach this Sluice (loopback when bound to every interface).</summary>
    private static string? ServerEndpoint(IServiceProvider provider)
    {
        var address = provider.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null) return null;
        var uri = new Uri(address);
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost" ? "127.0.0.1" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}";
    }
}
