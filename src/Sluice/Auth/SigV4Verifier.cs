using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Sluice.Auth;

/// <summary>Verifies SigV4 requests: the Authorization header form and the presigned query form.</summary>
internal sealed class SigV4Verifier(CredentialStore credentials, TimeProvider time)
{
    public const int MaxPresignedExpirySeconds = 7 * 24 * 60 * 60;
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    private const string ContentSha256Header = "x-amz-content-sha256";
    private readonly SigningKeyCache _signingKeys = new();

    /// <summary>
    /// Returns null when the payload hash has to come from the body (a non-S3 request without
    /// x-amz-content-sha256) and <paramref name="bodySha256Hex"/> was not supplied.
    /// </summary>
    public AuthResult? VerifyHeader(HttpRequest request, string authorizationHeader, string? bodySha256Hex)
    {
        if (!SigV4Authorization.TryParse(authorizationHeader, out var authorization, out var malformed))
            return AuthResult.Fail(malformed);
        var credential = authorization.Credential;

        var amzDate = request.Headers["x-amz-date"].ToString();
        string timestamp;
        if (amzDate.Length > 0)
        {
            if (!SigV4.TryParseTimestamp(amzDate, out _))
                return AuthResult.Fail(AuthErrors.MissingDate());
            timestamp = amzDate;
        }
        else if (DateTimeOffset.TryParse(request.Headers.Date.ToString(), CultureInfo.InvariantCulture,
                     DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            timestamp = SigV4.FormatTimestamp(date);
        }
        else
        {
            return AuthResult.Fail(AuthErrors.MissingDate());
        }
        if (!timestamp.StartsWith(credential.Date, StringComparison.Ordinal))
            return AuthResult.Fail(AuthErrors.AuthorizationHeaderMalformed("Invalid credential date. Date is not the same as X-Amz-Date."));

        if (!credentials.TryGetSecret(credential.AccessKeyId, out var secret))
            return AuthResult.Fail(AuthErrors.InvalidAccessKeyId());
        SigV4.TryParseTimestamp(timestamp, out var signedAt);
        if ((time.GetUtcNow() - signedAt).Duration() > AllowedSkew)
            return AuthResult.Fail(AuthErrors.RequestTimeTooSkewed());

        var payload = PayloadSigning.Sha256;
        string? declaredSha256 = null;
        var payloadVerified = false;
        string payloadHash;
        var contentSha256 = request.Headers[ContentSha256Header].ToString();
        if (contentSha256.Length > 0)
        {
            if (!PayloadHashValue.TryClassify(contentSha256, out payload, out declaredSha256, out var invalid))
                return AuthResult.Fail(invalid);
            payloadHash = contentSha256;
        }
        else if (SigV4.UsesSingleEncodedPath(credential.Service))
        {
            return AuthResult.Fail(AuthErrors.MissingContentSha256());
        }
        else
        {
            if (bodySha256Hex is null && MayHaveBody(request))
                return null;
            payloadHash = declaredSha256 = bodySha256Hex ?? SigV4.EmptySha256;
            payloadVerified = true;
        }

        var canonicalQuery = RequestTarget.Query(request).ToCanonical();
        var signingKey = _signingKeys.Get(secret, credential.Date, credential.Region, credential.Service);
        var mismatch = CheckSignature(request, credential, authorization.SignedHeaders, canonicalQuery, timestamp, payloadHash,
            authorization.Signature, signingKey);
        if (mismatch is not null)
            return AuthResult.Fail(mismatch);

        var chunkSigning = PayloadHashValue.IsStreamingSigned(payload)
            ? new ChunkSigningContext(signingKey, timestamp, credential.Scope, authorization.Signature)
            : null;
        return AuthResult.Success(credential.AccessKeyId, credential.Service, credential.Region, payload, declaredSha256,
            chunkSigning, payloadVerified);
    }

    /// <summary>Presigned URL (<c>X-Amz-Algorithm</c>, <c>X-Amz-Credential</c>, … in the query). Same null rule as <see cref="VerifyHeader"/>.</summary>
    public AuthResult? VerifyQuery(HttpRequest request, QueryParameters query, string? bodySha256Hex)
    {
        var algorithm = query.Get("X-Amz-Algorithm");
        var credentialText = query.Get("X-Amz-Credential");
        var timestamp = query.Get("X-Amz-Date");
        var expiresText = query.Get("X-Amz-Expires");
        var signedHeadersText = query.Get("X-Amz-SignedHeaders");
        var signature = query.Get("X-Amz-Signature");
        if (algorithm is null || credentialText is null || timestamp is null || expiresText is null || signedHeadersText is null || signature is null)
        {
            return AuthResult.Fail(AuthErrors.AuthorizationQueryParametersError(
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, " +
                "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."));
        }
        if (algorithm == SigV4.AsymmetricAlgorithm)
            return AuthResult.Fail(AuthErrors.SigV4aNotImplemented());
        if (algorithm != SigV4.Algorithm)
            return AuthResult.Fail(AuthErrors.AuthorizationQueryParametersError("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\""));
        if (!SigV4Credential.TryParse(credentialText, out var credential))
        {
            return AuthResult.Fail(AuthErrors.AuthorizationQueryParametersError(
                "Error parsing the X-Amz-Credential parameter; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."));
        }
        if (!SigV4.TryParseTimestamp(timestamp, out var signedAt))
            return AuthResult.Fail(AuthErrors.AuthorizationQueryParametersError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""));
        if (!timestamp.StartsWith(credential.Date, StringComparison.Ordinal))
            return AuthResult.Fail(AuthErrors.AuthorizationQueryParametersError("Invalid credential date. Date is not the same as X-Amz-Date."));
        if (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return AuthResult.Fail(AuthErrors.AuthorizationQueryParametersError("X-Amz-Expires should be a number"));
        if (expires < 1)
            return AuthResult.Fail(AuthErrors.AuthorizationQueryParametersError("X-Amz-Expires must be non-negative"));
        if (expires > MaxPresignedExpirySeconds)
            return AuthResult.Fail(AuthErrors.AuthorizationQueryParametersError("X-Amz-Expires must be less than a week (in seconds) that is 604800"));

        if (!credentials.TryGetSecret(credential.AccessKeyId, out var secret))
            return AuthResult.Fail(AuthErrors.InvalidAccessKeyId());
        var now = time.GetUtcNow();
        if (signedAt - now > AllowedSkew)
            return AuthResult.Fail(AuthErrors.RequestNotYetValid());
        if (now > signedAt.AddSeconds(expires))
            return AuthResult.Fail(AuthErrors.RequestExpired());

        var payload = PayloadSigning.Unsigned;
        string? declaredSha256 = null;
        var payloadVerified = false;
        string payloadHash;
        var contentSha256 = query.Get("X-Amz-Content-Sha256");
        if (contentSha256 is not null)
        {
            if (!PayloadHashValue.TryClassify(contentSha256, out payload, out declaredSha256, out var invalid))
                return AuthResult.Fail(invalid);
            payloadHash = contentSha256;
        }
        else if (SigV4.UsesSingleEncodedPath(credential.Service))
        {
            payloadHash = SigV4.UnsignedPayload;
        }
        else
        {
            if (bodySha256Hex is null && MayHaveBody(request))
                return null;
            payload = PayloadSigning.Sha256;
            payloadHash = declaredSha256 = bodySha256Hex ?? SigV4.EmptySha256;
            payloadVerified = true;
        }
        if (PayloadHashValue.IsStreamingSigned(payload))
            return AuthResult.Fail(AuthErrors.InvalidRequest("Presigned requests cannot carry a signed aws-chunked body."));

        var signingKey = _signingKeys.Get(secret, credential.Date, credential.Region, credential.Service);
        var mismatch = CheckSignature(request, credential, signedHeadersText.Split(';'), query.ToCanonical(excludedName: "X-Amz-Signature"),
            timestamp, payloadHash, signature, signingKey);
        return mismatch is not null
            ? AuthResult.Fail(mismatch)
            : AuthResult.Success(credential.AccessKeyId, credential.Service, credential.Region, payload, declaredSha256,
                payloadVerified: payloadVerified);
    }

    private static AuthFailure? CheckSignature(
        HttpRequest request, SigV4Credential credential, IReadOnlyList<string> signedHeaders, string canonicalQuery,
        string timestamp, string payloadHash, string providedSignature, byte[] signingKey)
    {
        var canonicalRequest = _threadCanonicalRequest ??= new StringBuilder(1024);
        canonicalRequest.Clear();
        SigV4.AppendCanonicalRequest(
            canonicalRequest,
            request.Method,
            SigV4.CanonicalUri(RequestTarget.RawPath(request), credential.Service),
            canonicalQuery,
            signedHeaders,
            name => request.Headers.TryGetValue(name, out var values) ? values : StringValues.Empty,
            payloadHash);
        var scope = credential.Scope;
        var matches = SigV4.SignatureMatches(canonicalRequest, timestamp, scope, signingKey, providedSignature);
        var failure = matches ? null : Mismatch(canonicalRequest.ToString(), timestamp, scope);
        if (canonicalRequest.Capacity > MaxKeptBuilderCapacity) _threadCanonicalRequest = null;
        return failure;
    }

    private static AuthFailure Mismatch(string canonicalRequest, string timestamp, string scope) =>
        AuthErrors.SignatureDoesNotMatch(SigV4.StringToSign(timestamp, scope, canonicalRequest), canonicalRequest);

    /// <summary>Each thread reuses one builder for the canonical requests it checks; one grown by a huge request is let go.</summary>
    [ThreadStatic] private static StringBuilder? _threadCanonicalRequest;

    private const int MaxKeptBuilderCapacity = 16 * 1024;

    private static bool MayHaveBody(HttpRequest request) =>
        request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
        ?? (request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0));
}
