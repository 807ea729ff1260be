using Sluice.Auth;

namespace Sluice.Gateway;

/// <summary>
/// A service Sluice does not serve, answered in the protocol its client speaks so that the SDK shows a
/// readable error naming the operation, instead of failing to parse another service's answer.
/// </summary>
public sealed class UnservedProtocol : IEdgeProtocol
{
    private const string UnknownOperationJson = "UnknownOperationException";
    private const string UnknownOperationQuery = "InvalidAction";
    private const string InternalFailure = "InternalFailure";
    private const string InternalFailureMessage = "The request processing has failed because of an unknown error.";

    public bool AllowsAnonymous(HttpRequest request) => true;

    public async Task HandleAsync(HttpContext context, AuthResult auth)
    {
        var request = context.Request;
        if (SpeaksQuery(request))
        {
            var action = await QueryActionAsync(request, context.RequestAborted);
            await AwsQueryErrorWriter.WriteAsync(context, 400, UnknownOperationQuery,
                $"Sluice does not serve {ServiceName(request, auth)}: the operation {action ?? "(no Action)"} is not available.");
            return;
        }
        var operation = RequestSignals.TargetService(request).IsEmpty
            ? $"{request.Method} {request.Path}"
            : request.Headers["X-Amz-Target"].ToString();
        await AwsJsonErrorWriter.WriteAsync(context, 400, UnknownOperationJson,
            $"Sluice does not serve {ServiceName(request, auth)}: the operation {operation} is not available.");
    }

    public Task WriteAuthFailureAsync(HttpContext context, AuthFailure failure)
    {
        var error = AwsServiceAuthErrors.For(failure);
        return SpeaksQuery(context.Request)
            ? AwsQueryErrorWriter.WriteAsync(context, error.Status, error.QueryCode, error.Message)
            : AwsJsonErrorWriter.WriteAsync(context, error.Status, error.JsonCode, error.Message);
    }

    public Task WriteInternalErrorAsync(HttpContext context) => SpeaksQuery(context.Request)
        ? AwsQueryErrorWriter.WriteAsync(context, 500, InternalFailure, InternalFailureMessage)
        : AwsJsonErrorWriter.WriteAsync(context, 500, InternalFailure, InternalFailureMessage);

    private static bool SpeaksQuery(HttpRequest request) =>
        RequestSignals.TargetService(request).IsEmpty
        && (RequestSignals.HasActionInQuery(request) || RequestSignals.IsQueryProtocolForm(request));

    /// <summary>The service as the client named it: its credential scope, else its X-Amz-Target prefix.</summary>
    private static string ServiceName(HttpRequest request, AuthResult auth)
    {
        var scope = auth.Service ?? RequestSignals.ScopeService(request).ToString();
        if (scope.Length > 0 && scope != ProtocolSignals.S3Scope) return scope;
        var target = RequestSignals.TargetService(request);
        return target.IsEmpty ? "this service" : target.ToString();
    }

    private static async Task<string?> QueryActionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Query.TryGetValue("Action", out var inQuery)) return inQuery.ToString();
        if (!request.HasFormContentType) return null;
        try
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return form.TryGetValue("Action", out var inForm) ? inForm.ToString() : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
