namespace Sluice.Gateway;

/// <summary>The edge: request id, then routing by protocol, then the protocol's own handler.</summary>
public sealed class EdgeMiddleware(S3Api s3)
{
    private static readonly byte[] HealthBody = "{\"status\":\"ok\"}"u8.ToArray();

    public async Task HandleAsync(HttpContext context)
    {
        RequestIds.Assign(context);
        if (context.Request.Path.StartsWithSegments("/_sluice/health"))
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(HealthBody);
            return;
        }
        await s3.HandleAsync(context);
    }
}
