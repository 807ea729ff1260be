using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Sluice.Auth;

/// <summary>
/// Decides who sent a request (SigV4 header or presigned query, SigV2 header or presigned query, or nobody)
/// and opens its body the way the client framed and signed it.
/// </summary>
public sealed class RequestAuthenticator(CredentialStore credentials, TimeProvider time)
{
    private readonly SigV4Verifier _sigV4 = new(credentials, time);
    private readonly SigV2Verifier _sigV2 = new(credentials, time);

    /// <summary>
    /// Checks the request's signature without reading the body, except in one case: a non-S3 SigV4
    /// request without <c>x-amz-content-sha256</c> signs the body's SHA-256, so its (small) body is buffered,
    /// hashed and rewound. That read is synchronous; on the server prefer <see cref="AuthenticateAsync"/>.
    /// </summary>
    public AuthResult Authenticate(HttpRequest request) =>
        Run(request, bodySha256Hex: null) ?? Run(request, BufferedBodyHash.Compute(request))!;

    /// <summary><see cref="Authenticate"/>, reading the body asynchronously when the signature covers it.</summary>
    public async ValueTask<AuthResult> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        Run(request, bodySha256Hex: null)
        ?? Run(request, await BufferedBodyHash.ComputeAsync(request, cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// The body as the client meant it: aws-chunked framing removed with every chunk and trailer signature
    /// checked, or a plain body whose signed SHA-256 is checked at end of stream. Works for anonymous
    /// requests too (a bucket policy may allow them), but not for ones that failed authentication.
    /// </summary>
    public PayloadStream OpenPayload(HttpRequest request, AuthResult auth)
    {
        if (!auth.Succeeded && !auth.IsAnonymous)
            throw new ArgumentException("The request failed authentication; its body must not be used.", nameof(auth));
        var body = request.Body;
        switch (auth.Payload)
        {
            case PayloadSigning.Sha256 when !auth.PayloadVerified:
                return new PlainPayloadStream(body, request.ContentLength, auth.DeclaredSha256Hex);
            case PayloadSigning.StreamingSigned:
            case PayloadSigning.StreamingSignedTrailer:
                var signing = auth.ChunkSigning ?? throw new ArgumentException("Signed chunks need a signed request.", nameof(auth));
                return new AwsChunkedPayloadStream(body, DecodedContentLength(request), signing,
                    hasTrailer: auth.Payload == PayloadSigning.StreamingSignedTrailer);
            case PayloadSigning.StreamingUnsignedTrailer:
                return new AwsChunkedPayloadStream(body, DecodedContentLength(request), signing: null, hasTrailer: true);
            default:
                return new PlainPayloadStream(body, request.ContentLength, expectedSha256Hex: null);
        }
    }

    private static long? DecodedContentLength(HttpRequest request) =>
        long.TryParse(request.Headers["x-amz-decoded-content-length"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;

    private AuthResult? Run(HttpRequest request, string? bodySha256Hex)
    {
        var authorization = request.Headers.Authorization.ToString();
        var query = RequestTarget.Query(request);
        var hasSigV4Query = query.Contains("X-Amz-Algorithm") || query.Contains("X-Amz-Credential") || query.Contains("X-Amz-Signature");
        var hasSigV2Query = query.Contains("AWSAccessKeyId") || query.Contains("Signature");
        if (authorization.Length > 0)
        {
            if (hasSigV4Query || hasSigV2Query)
            {
                return AuthResult.Fail(AuthErrors.InvalidArgument(
                    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string " +
                    "parameter or the Authorization header should be specified"));
            }
            if (authorization.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
                return _sigV4.VerifyHeader(request, authorization, bodySha256Hex);
            if (authorization.StartsWith(SigV4.AsymmetricAlgorithm, StringComparison.Ordinal))
                return AuthResult.Fail(AuthErrors.SigV4aNotImplemented());
            if (authorization.StartsWith(SigV2Verifier.HeaderPrefix, StringComparison.Ordinal))
                return _sigV2.VerifyHeader(request, authorization);
            return AuthResult.Fail(AuthErrors.InvalidArgument("Unsupported Authorization Type"));
        }
        if (hasSigV4Query)
            return _sigV4.VerifyQuery(request, query, bodySha256Hex);
        if (hasSigV2Query)
            return _sigV2.VerifyQuery(request, query);
        return Anonymous(request);
    }

    private static AuthResult Anonymous(HttpRequest request)
    {
        var contentSha256 = request.Headers["x-amz-content-sha256"].ToString();
        if (contentSha256.Length > 0
            && PayloadHashValue.TryClassify(contentSha256, out var payload, out var sha256Hex, out _)
            && !PayloadHashValue.IsStreamingSigned(payload))
        {
            return AuthResult.Anonymous(payload, sha256Hex);
        }
        return AuthResult.Anonymous(PayloadSigning.Unsigned, null);
    }
}
