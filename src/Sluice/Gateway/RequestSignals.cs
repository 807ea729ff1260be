namespace Sluice.Gateway;

/// <summary>
/// The cheap reads the protocol table decides on, taken from headers and the query string without
/// verifying anything: what the request says it is, not who sent it.
/// </summary>
public static class RequestSignals
{
    private const string CredentialField = "Credential=";
    private const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>The part of <c>X-Amz-Target</c> before its last dot (<c>AmazonSQS</c>, <c>AWSEvents</c>), or empty.</summary>
    public static ReadOnlySpan<char> TargetService(HttpRequest request)
    {
        var target = request.Headers["X-Amz-Target"].ToString().AsSpan();
        var dot = target.LastIndexOf('.');
        return dot > 0 ? target[..dot] : target;
    }

    /// <summary>The service of the SigV4 credential scope, from the Authorization header or the presigned query; empty when unsigned or SigV2.</summary>
    public static ReadOnlySpan<char> ScopeService(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString().AsSpan();
        if (!authorization.IsEmpty)
        {
            var start = authorization.IndexOf(CredentialField, StringComparison.Ordinal);
            if (start < 0) return [];
            var credential = authorization[(start + CredentialField.Length)..];
            var end = credential.IndexOfAny(',', ' ');
            return ServiceOfCredential(end < 0 ? credential : credential[..end]);
        }
        if (!request.QueryString.HasValue) return [];
        var presigned = request.Query["X-Amz-Credential"].ToString();
        return ServiceOfCredential(presigned);
    }

    /// <summary>
    /// A form POST without a query string: the AWS query protocol's shape (its <c>Action=</c> is in the form).
    /// S3 never takes such a request: its POSTs name a subresource in the query (<c>?delete</c>, <c>?uploads</c>),
    /// and its browser form upload is multipart.
    /// </summary>
    public static bool IsQueryProtocolForm(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && !request.QueryString.HasValue
        && request.Headers.ContentType.ToString().StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>An <c>Action=</c> in the query string: the query protocol sent as GET, or a form whose action rides in the URL.</summary>
    public static bool HasActionInQuery(HttpRequest request) =>
        request.QueryString.HasValue && request.Query.ContainsKey("Action");

    /// <summary>The content type a JSON-protocol answer should carry: the request's own version of <c>application/x-amz-json-1.x</c>.</summary>
    public static string JsonContentType(HttpRequest request)
    {
        var requested = request.Headers.ContentType.ToString();
        return requested.StartsWith("application/x-amz-json-", StringComparison.OrdinalIgnoreCase) ? requested : "application/x-amz-json-1.0";
    }

    private static ReadOnlySpan<char> ServiceOfCredential(ReadOnlySpan<char> credential)
    {
        // AKID/yyyyMMdd/region/service/aws4_request
        Span<Range> parts = stackalloc Range[6];
        return credential.Split(parts, '/') == 5 ? credential[parts[3]] : [];
    }
}
