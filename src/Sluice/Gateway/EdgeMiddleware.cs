namespace Sluice.Gateway;

/// <summary>The edge: request id, then routing by protocol, then the protocol's own handler.</summary>
public sealed class EdgeMiddleware
{
    public async Task HandleAsync(HttpContext context)
    {
        var requestId = RequestIds.Assign(context);
        _ = requestId;
        if (context.Request.Path.Equals("/_sluice/health"))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"status\":\"ok\"}");
            return;
        }
        if (Functions.LambdaApi.Handles(context.Request.Path)) // temporary until the edge routes Lambda (functions branch)
        { await context.RequestServices.GetRequiredService<Functions.LambdaApi>().HandleAsync(context); return; }
        context.Response.StatusCode = StatusCodes.Status501NotImplemented;
    }
}
