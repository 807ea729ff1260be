using Sluice.Auth;
using Sluice.Catalog;
using Sluice.Events;
using Sluice.Functions;
using Sluice.Gateway;
using Sluice.Routing;
using Sluice.Sqs;
using Sluice.Storage;

namespace Sluice.Hosting;

/// <summary>Registers every capability's services.</summary>
public static class SluiceServiceCollectionExtensions
{
    public static IServiceCollection AddSluice(this IServiceCollection services, SluiceOptions options)
    {
        Directory.CreateDirectory(options.DataPath);
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddCatalog(Path.Combine(options.DataPath, "catalog.db"));
        services.AddSingleton<CredentialStore>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddStorage(options);
        services.AddEvents();
        services.AddGateway();
        services.AddFunctions();
        services.AddSqs();
        services.AddRoutingLog();
        return services;
    }

    public static WebApplication MapSluice(this WebApplication app)
    {
        var edge = app.Services.GetRequiredService<EdgeMiddleware>();
        app.Use(ExpectContinue.HandleAsync);
        app.Run(edge.HandleAsync);
        return app;
    }
}
