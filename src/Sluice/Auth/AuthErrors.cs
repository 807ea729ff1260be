namespace Sluice.Auth;

/// <summary>Every authentication and payload-integrity error, with the code, status and message S3 uses.</summary>
public static class AuthErrors
{
    /// <summary>A request that carried no credentials at all, where the operation needs them.</summary>
    public static AuthFailure MissingCredentials() => new(403, "AccessDenied", "Access Denied", AuthFailureKind.MissingCredentials);

    public static AuthFailure AccessDenied(string message = "Access Denied") => new(403, "AccessDenied", message, AuthFailureKind.AccessDenied);

    public static AuthFailure RequestExpired() => AccessDenied("Request has expired");

    public static AuthFailure RequestNotYetValid() => AccessDenied("Request is not valid yet");

    public static AuthFailure SignatureDoesNotMatch(string? stringToSign = null, string? canonicalRequest = null) =>
        new(403, "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
            AuthFailureKind.SignatureMismatch)
        {
            StringToSign = stringToSign,
            CanonicalRequest = canonicalRequest,
        };

    public static AuthFailure InvalidAccessKeyId() =>
        new(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", AuthFailureKind.UnknownAccessKey);

    public static AuthFailure RequestTimeTooSkewed() =>
        new(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", AuthFailureKind.ClockSkew);

    public static AuthFailure MissingDate() =>
        AccessDenied("AWS authentication requires a valid Date or x-amz-date header");

    public static AuthFailure AuthorizationHeaderMalformed(string detail) =>
        new(400, "AuthorizationHeaderMalformed", $"The authorization header is malformed; {detail}", AuthFailureKind.Malformed);

    public static AuthFailure AuthorizationQueryParametersError(string message) =>
        new(400, "AuthorizationQueryParametersError", message, AuthFailureKind.Malformed);

    public static AuthFailure XAmzContentSha256Mismatch() =>
        new(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.",
            AuthFailureKind.PayloadMismatch);

    public static AuthFailure IncompleteBody(string message = "You did not provide the number of bytes specified by the Content-Length HTTP header.") =>
        new(400, "IncompleteBody", message, AuthFailureKind.Malformed);

    public static AuthFailure InvalidRequest(string message) => new(400, "InvalidRequest", message, AuthFailureKind.Malformed);

    public static AuthFailure InvalidArgument(string message) => new(400, "InvalidArgument", message, AuthFailureKind.Malformed);

    public static AuthFailure MissingContentSha256() =>
        InvalidRequest("Missing required header for this request: x-amz-content-sha256");

    public static AuthFailure InvalidContentSha256() =>
        InvalidArgument("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, " +
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");

    public static AuthFailure SigV4aNotImplemented() =>
        new(501, "NotImplemented", "Signature Version 4A (AWS4-ECDSA-P256-SHA256) is not supported.", AuthFailureKind.Unsupported);
}
