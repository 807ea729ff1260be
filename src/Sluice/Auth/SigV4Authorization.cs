using System.Diagnostics.CodeAnalysis;

namespace Sluice.Auth;

/// <summary>
/// The parsed <c>Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…</c> header.
/// </summary>
internal sealed record SigV4Authorization(SigV4Credential Credential, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public static bool TryParse(
        string header, [NotNullWhen(true)] out SigV4Authorization? authorization, [NotNullWhen(false)] out AuthFailure? failure)
    {
        authorization = null;
        string? credentialText = null, signedHeadersText = null, signature = null;
        // Walked as spans: only the three values become strings (this runs on every signed request).
        var rest = header.AsSpan(SigV4.Algorithm.Length);
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf(',');
            var part = (comma < 0 ? rest : rest[..comma]).Trim();
            rest = comma < 0 ? [] : rest[(comma + 1)..];
            var equals = part.IndexOf('=');
            if (equals < 0)
                continue;
            var name = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (name.SequenceEqual("Credential")) credentialText = value.ToString();
            else if (name.SequenceEqual("SignedHeaders")) signedHeadersText = value.ToString();
            else if (name.SequenceEqual("Signature")) signature = value.ToString();
        }
        if (credentialText is null || signedHeadersText is null || signature is null)
        {
            failure = AuthErrors.AuthorizationHeaderMalformed("it must contain Credential, SignedHeaders and Signature.");
            return false;
        }
        if (!SigV4Credential.TryParse(credentialText, out var credential))
        {
            failure = AuthErrors.AuthorizationHeaderMalformed(
                "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
            return false;
        }
        var signedHeaders = signedHeadersText.Split(';');
        if (signedHeaders.Any(string.IsNullOrEmpty))
        {
            failure = AuthErrors.AuthorizationHeaderMalformed("SignedHeaders is mal-formed.");
            return false;
        }
        failure = null;
        authorization = new SigV4Authorization(credential, signedHeaders, signature);
        return true;
    }
}
