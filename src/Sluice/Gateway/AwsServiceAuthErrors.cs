using Sluice.Auth;

namespace Sluice.Gateway;

/// <summary>
/// How the AWS services other than S3 name an authentication failure: one code for the JSON protocols
/// (Lambda, SQS JSON, EventBridge) and one for the query protocol (SNS, STS, SQS query).
/// </summary>
public static class AwsServiceAuthErrors
{
    public sealed record ServiceAuthError(int Status, string JsonCode, string QueryCode, string Message);

    public static ServiceAuthError For(AuthFailure failure) => failure.Kind switch
    {
        AuthFailureKind.MissingCredentials => new(403, "MissingAuthenticationTokenException", "MissingAuthenticationToken",
            "Missing Authentication Token"),
        AuthFailureKind.UnknownAccessKey => new(403, "UnrecognizedClientException", "InvalidClientTokenId",
            "The security token included in the request is invalid."),
        AuthFailureKind.SignatureMismatch or AuthFailureKind.PayloadMismatch => new(403, "InvalidSignatureException", "SignatureDoesNotMatch",
            failure.Message),
        AuthFailureKind.ClockSkew => new(403, "InvalidSignatureException", "SignatureDoesNotMatch",
            "Signature expired: " + failure.Message),
        AuthFailureKind.AccessDenied => new(403, "AccessDeniedException", "AccessDenied", failure.Message),
        AuthFailureKind.Unsupported => new(400, "IncompleteSignatureException", "IncompleteSignature", failure.Message),
        _ => new(400, "IncompleteSignatureException", "IncompleteSignature", failure.Message),
    };
}
