namespace Sluice.Auth;

/// <summary>How the request body is protected, from <c>x-amz-content-sha256</c> (or its absence).</summary>
public enum PayloadSigning
{
    /// <summary>Body not covered by the signature (UNSIGNED-PAYLOAD, presigned URLs, SigV2, anonymous).</summary>
    Unsigned,

    /// <summary>Plain body whose SHA-256 was signed; checked when the body has been read.</summary>
    Sha256,

    /// <summary>aws-chunked body, every chunk signed (STREAMING-AWS4-HMAC-SHA256-PAYLOAD).</summary>
    StreamingSigned,

    /// <summary>aws-chunked body with signed chunks and a signed trailer.</summary>
    StreamingSignedTrailer,

    /// <summary>aws-chunked body, unsigned chunks, trailer such as x-amz-checksum-crc32.</summary>
    StreamingUnsignedTrailer,
}
