using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Sluice.Functions.Environments;

/// <summary>The Lambda Runtime API as one environment's Kestrel application.</summary>
internal sealed class RuntimeApi(ExecutionEnvironment environment) : IHttpApplication<HttpContext>
{
    public const int MaxResponseBytes = 6 * 1024 * 1024;
    public const string Prefix = "/2018-06-01/runtime/";

    public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

    public Task ProcessRequestAsync(HttpContext context) => environment.HandleRuntimeApiAsync(context);

    public void DisposeContext(HttpContext context, Exception? exception)
    {
    }
}
