using Sluice.Auth;
using Sluice.Functions;

namespace Sluice.Gateway;

/// <summary>The edge: request id, then routing by protocol, then the protocol's own handler.</summary>
public sealed class EdgeMiddleware(S3Api s3, LambdaApi lambda, RequestAuthenticator authenticator)
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
        if (LambdaApi.Handles(context.Request.Path))
        {
            await HandleLambdaAsync(context);
            return;
        }
        await s3.HandleAsync(context);
    }

    private async Task HandleLambdaAsync(HttpContext context)
    {
        var auth = await authenticator.AuthenticateAsync(context.Request, context.RequestAborted);
        if (!auth.Succeeded)
        {
            await LambdaErrors.WriteAsync(context, LambdaErrors.Unauthenticated(auth));
            return;
        }
        context.Request.Body = authenticator.OpenPayload(context.Request, auth);
        await lambda.HandleAsync(context);
    }
}
