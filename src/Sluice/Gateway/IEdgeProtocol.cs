using Sluice.Auth;

namespace Sluice.Gateway;

/// <summary>
/// One wire protocol at the edge. The protocol table picks it, the edge authenticates the request once,
/// and every failure the edge meets is rendered in the protocol's own error format.
/// </summary>
public interface IEdgeProtocol
{
    /// <summary>Whether a request without credentials may reach the handler (S3's CORS preflight).</summary>
    bool AllowsAnonymous(HttpRequest request);

    /// <summary>Serves an authenticated request, or an anonymous one this protocol allows; the body is already opened.</summary>
    Task HandleAsync(HttpContext context, AuthResult auth);

    Task WriteAuthFailureAsync(HttpContext context, AuthFailure failure);

    /// <summary>The last resort: an exception nobody expected. The edge has logged it.</summary>
    Task WriteInternalErrorAsync(HttpContext context);
}
