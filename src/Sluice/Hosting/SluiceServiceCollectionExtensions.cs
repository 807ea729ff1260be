using Sluice.Functions;
using Sluice.Gateway;

namespace Sluice.Hosting;

/// <summary>Registers every capability's services.</summary>
public static class SluiceServiceCollectionExtensions
{
    public static IServiceCollection AddSluice(this IServiceCollection services, SluiceOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EdgeMiddleware>();
        services.AddFunctions();
        return services;
    }

    public static WebApplication MapSluice(this WebApplication app)
    {
        var edge = app.Services.GetRequiredService<EdgeMiddleware>();
        app.Run(edge.HandleAsync);
        return app;
    }
}
