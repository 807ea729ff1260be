using System.Diagnostics.CodeAnalysis;

namespace Sluice.Auth;

/// <summary>Interprets an <c>x-amz-content-sha256</c> value (header or presigned query parameter).</summary>
internal static class PayloadHashValue
{
    public static bool TryClassify(
        string value, out PayloadSigning payload, out string? sha256Hex, [NotNullWhen(false)] out AuthFailure? failure)
    {
        failure = null;
        sha256Hex = null;
        payload = PayloadSigning.Unsigned;
        switch (value)
        {
            case SigV4.UnsignedPayload: return true;
            case SigV4.StreamingPayload: payload = PayloadSigning.StreamingSigned; return true;
            case SigV4.StreamingPayloadTrailer: payload = PayloadSigning.StreamingSignedTrailer; return true;
            case SigV4.StreamingUnsignedPayloadTrailer: payload = PayloadSigning.StreamingUnsignedTrailer; return true;
        }
        if (value.StartsWith(SigV4.StreamingAsymmetricPrefix, StringComparison.Ordinal))
        {
            failure = AuthErrors.SigV4aNotImplemented();
            return false;
        }
        if (!SigV4.IsSha256Hex(value))
        {
            failure = AuthErrors.InvalidContentSha256();
            return false;
        }
        payload = PayloadSigning.Sha256;
        sha256Hex = value.ToLowerInvariant();
        return true;
    }

    public static bool IsStreamingSigned(PayloadSigning payload) =>
        payload is PayloadSigning.StreamingSigned or PayloadSigning.StreamingSignedTrailer;
}
