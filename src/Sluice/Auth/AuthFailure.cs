namespace Sluice.Auth;

/// <summary>Why a request was refused, with the S3 error code and HTTP status to answer with.</summary>
public sealed record AuthFailure(int StatusCode, string Code, string Message)
{
    /// <summary>For <c>SignatureDoesNotMatch</c>: what the server signed, as AWS echoes it to help debugging.</summary>
    public string? StringToSign { get; init; }

    /// <summary>For <c>SignatureDoesNotMatch</c> on SigV4: the canonical request the server built.</summary>
    public string? CanonicalRequest { get; init; }
}
