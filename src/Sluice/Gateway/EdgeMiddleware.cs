using Sluice.Auth;

namespace Sluice.Gateway;

/// <summary>
/// The edge: request id, health, the protocol the request speaks, one authentication, then the
/// protocol's handler. Every failure is answered in the chosen protocol's own error format.
/// </summary>
public sealed partial class EdgeMiddleware(ProtocolTable protocols, RequestAuthenticator authenticator, ILogger<EdgeMiddleware> logger)
{
    public const string HealthPath = "/_sluice/health";
    private static readonly byte[] HealthBody = "{\"status\":\"ok\"}"u8.ToArray();

    public async Task HandleAsync(HttpContext context)
    {
        RequestIds.Assign(context);
        if (context.Request.Path.StartsWithSegments(HealthPath))
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(HealthBody);
            return;
        }
        var protocol = protocols.Select(context.Request);
        try
        {
            var auth = await authenticator.AuthenticateAsync(context.Request, context.RequestAborted);
            if (!auth.Succeeded && !(auth.IsAnonymous && protocol.AllowsAnonymous(context.Request)))
            {
                await protocol.WriteAuthFailureAsync(context, auth.Failure);
                return;
            }
            context.Request.Body = authenticator.OpenPayload(context.Request, auth);
            await protocol.HandleAsync(context, auth);
        }
        catch (PayloadException failure)
        {
            await protocol.WriteAuthFailureAsync(context, failure.Failure);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception failure)
        {
            LogUnexpected(logger, context.Request.Method, context.Request.Path, RequestIds.Of(context), failure);
            await protocol.WriteInternalErrorAsync(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure serving {Method} {Path} (request {RequestId})")]
    private static partial void LogUnexpected(ILogger logger, string method, PathString path, string requestId, Exception failure);
}
