using Sluice.Auth;
using Sluice.Events;
using Sluice.Functions;

namespace Sluice.Gateway;

/// <summary>The edge: request id, then routing by protocol, then the protocol's own handler.</summary>
public sealed class EdgeMiddleware(S3Api s3, LambdaApi lambda, EventsApi events, RequestAuthenticator authenticator)
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
        if (EventsApi.Handles(context.Request.Path))
        {
            await HandleEventsAsync(context);
            return;
        }
        await s3.HandleAsync(context);
    }

    /// <summary>Sluice's own JSON APIs take any SigV4 signature by a known key.</summary>
    private async Task HandleEventsAsync(HttpContext context)
    {
        var auth = await authenticator.AuthenticateAsync(context.Request, context.RequestAborted);
        if (!auth.Succeeded)
        {
            var failure = auth.Failure!;
            context.Response.StatusCode = failure.StatusCode;
            context.Response.ContentType = "application/json";
            await System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body,
                new EventsApiError(failure.Code, failure.Message), EventsJsonContext.Default.EventsApiError);
            return;
        }
        context.Request.Body = authenticator.OpenPayload(context.Request, auth);
        await events.HandleAsync(context);
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
