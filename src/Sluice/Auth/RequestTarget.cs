using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sluice.Auth;

/// <summary>The path and query of a request as the client sent them, before ASP.NET Core decoded them.</summary>
internal static class RequestTarget
{
    /// <summary>
    /// The still-encoded path. Kestrel's decoded <see cref="HttpRequest.Path"/> cannot be used: it keeps
    /// <c>%2F</c> encoded but decodes everything else, so a key containing "%2F" would be ambiguous.
    /// </summary>
    public static string RawPath(HttpRequest request)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget) || rawTarget == "*")
            return request.PathBase.Add(request.Path).ToUriComponent();
        var path = rawTarget.AsSpan();
        var queryStart = path.IndexOf('?');
        if (queryStart >= 0)
            path = path[..queryStart];
        if (!path.StartsWith("/") && Uri.TryCreate(path.ToString(), UriKind.Absolute, out var absolute))
            return absolute.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped);
        return path.ToString();
    }

    public static QueryParameters Query(HttpRequest request) => new(request.QueryString.Value);
}
