using System.Diagnostics.CodeAnalysis;

namespace Sluice.Auth;

/// <summary>The outcome of <see cref="RequestAuthenticator.Authenticate"/>: who signed, and how the body is protected.</summary>
public sealed class AuthResult
{
    private AuthResult()
    {
    }

    [MemberNotNullWhen(false, nameof(Failure))]
    [MemberNotNullWhen(true, nameof(AccessKeyId), nameof(Service), nameof(Region))]
    public bool Succeeded { get; private init; }

    public AuthFailure? Failure { get; private init; }

    /// <summary>The request carried no credentials at all; a bucket policy may still allow it.</summary>
    public bool IsAnonymous { get; private init; }

    public string? AccessKeyId { get; private init; }

    /// <summary>Service of the credential scope ("s3", "lambda", "sqs", …); "s3" for SigV2.</summary>
    public string? Service { get; private init; }

    public string? Region { get; private init; }

    public PayloadSigning Payload { get; private init; }

    /// <summary>The body's hex SHA-256 the signature covers, when <see cref="Payload"/> is <see cref="PayloadSigning.Sha256"/>.</summary>
    public string? DeclaredSha256Hex { get; private init; }

    /// <summary>What the aws-chunked decoder needs to check chunk and trailer signatures.</summary>
    internal ChunkSigningContext? ChunkSigning { get; private init; }

    /// <summary>The body was already read and hashed during authentication (non-S3 requests without x-amz-content-sha256).</summary>
    internal bool PayloadVerified { get; private init; }

    internal static AuthResult Fail(AuthFailure failure) => new() { Failure = failure };

    internal static AuthResult Anonymous(PayloadSigning payload, string? declaredSha256Hex) => new()
    {
        IsAnonymous = true,
        Failure = AuthErrors.MissingCredentials(),
        Payload = payload,
        DeclaredSha256Hex = declaredSha256Hex,
    };

    internal static AuthResult Success(
        string accessKeyId, string service, string region, PayloadSigning payload, string? declaredSha256Hex = null,
        ChunkSigningContext? chunkSigning = null, bool payloadVerified = false) => new()
        {
            Succeeded = true,
            AccessKeyId = accessKeyId,
            Service = service,
            Region = region,
            Payload = payload,
            DeclaredSha256Hex = declaredSha256Hex,
            ChunkSigning = chunkSigning,
            PayloadVerified = payloadVerified,
        };
}
