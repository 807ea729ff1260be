namespace Sluice.Auth;

/// <summary>
/// Why a request was refused: the S3 error code and HTTP status to answer with, and the protocol-neutral
/// <see cref="Kind"/> from which every other protocol derives its own code.
/// </summary>
public sealed record AuthFailure(int StatusCode, string Code, string Message, AuthFailureKind Kind)
{
    /// <summary>For <c>SignatureDoesNotMatch</c>: what the server signed, as AWS echoes it to help debugging.</summary>
    public string? StringToSign { get; init; }

    /// <summary>For <c>SignatureDoesNotMatch</c> on SigV4: the canonical request the server built.</summary>
    public string? CanonicalRequest { get; init; }
}

/// <summary>What kind of authentication failure a request met, whatever protocol it spoke.</summary>
public enum AuthFailureKind
{
    MissingCredentials,
    AccessDenied,
    UnknownAccessKey,
    SignatureMismatch,
    ClockSkew,
    PayloadMismatch,
    Malformed,
    Unsupported,
}
