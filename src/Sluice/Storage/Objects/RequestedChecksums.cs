using Sluice.Gateway;
using Sluice.Storage.Checksums;

namespace Sluice.Storage.Objects;

/// <summary>
/// The checksums a write asks for: values sent as x-amz-checksum-* headers, algorithms named by
/// x-amz-sdk-checksum-algorithm, and values that arrive as aws-chunked trailers (x-amz-trailer).
/// Each is computed while the body streams, then checked against what the client sent.
/// </summary>
public sealed class RequestedChecksums
{
    private readonly Dictionary<ChecksumAlgorithm, string?> _expected = [];

    public IReadOnlyList<ChecksumAlgorithm> Algorithms => [.. _expected.Keys];

    public static RequestedChecksums From(S3Request request, string? defaultAlgorithm = null)
    {
        var requested = new RequestedChecksums();
        foreach (var algorithm in ChecksumAlgorithms.All)
            if (request.Header(algorithm.ToHeaderName()) is { Length: > 0 } value)
                requested._expected[algorithm] = value;

        foreach (var name in new[] { request.Header("x-amz-sdk-checksum-algorithm"), request.Header("x-amz-checksum-algorithm"), defaultAlgorithm })
        {
            if (name is null) continue;
            if (!ChecksumAlgorithms.TryParse(name, out var algorithm))
                throw new S3Exception(S3Errors.InvalidRequest, $"Checksum algorithm {name} is not supported.");
            requested._expected.TryAdd(algorithm, null);
        }

        foreach (var trailer in (request.Header("x-amz-trailer") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (ChecksumAlgorithms.TryParseHeaderName(trailer, out var algorithm))
                requested._expected.TryAdd(algorithm, null);
        return requested;
    }

    /// <summary>
    /// Compares each computed checksum with the header or trailer value the client sent (BadDigest on a
    /// mismatch) and returns what to store: S3 algorithm name → base64 value.
    /// </summary>
    public Dictionary<string, string> Verify(IReadOnlyDictionary<ChecksumAlgorithm, string> computed, IReadOnlyDictionary<string, string> trailers)
    {
        var verified = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (algorithm, headerValue) in _expected)
        {
            var actual = computed[algorithm];
            var expected = headerValue ?? (trailers.TryGetValue(algorithm.ToHeaderName(), out var trailerValue) ? trailerValue : null);
            if (expected is not null && expected != actual)
                throw new S3Exception(S3Errors.BadDigest, $"The {algorithm.ToS3Name()} you specified did not match the calculated checksum.");
            verified[algorithm.ToS3Name()] = actual;
        }
        return verified;
    }

    /// <summary>Echoes the stored checksums on the write's response, as S3 does.</summary>
    public static void WriteHeaders(HttpResponse response, IReadOnlyDictionary<string, string> checksums)
    {
        foreach (var (name, value) in checksums)
            if (ChecksumAlgorithms.TryParse(name, out var algorithm))
                response.Headers[algorithm.ToHeaderName()] = value;
    }
}
