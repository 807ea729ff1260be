using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Sluice.Auth;

/// <summary>An unframed body; when the signature covers its SHA-256, the hash is checked at end of stream.</summary>
internal sealed class PlainPayloadStream : PayloadStream
{
    private readonly Stream _inner;
    private readonly string? _expectedSha256Hex;
    private readonly IncrementalHash? _hash;
    private long _total;
    private bool _done;

    public PlainPayloadStream(Stream inner, long? declaredLength, string? expectedSha256Hex)
        : base(declaredLength)
    {
        _inner = inner;
        _expectedSha256Hex = expectedSha256Hex;
        _hash = expectedSha256Hex is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private protected override async ValueTask<int> ReadCore(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        if (_done || destination.IsEmpty)
            return 0;
        var read = await ReadInner(_inner, destination, useAsync, cancellationToken).ConfigureAwait(false);
        if (read > 0)
        {
            _hash?.AppendData(destination.Span[..read]);
            _total += read;
            return read;
        }
        _done = true;
        if (DeclaredLength is { } declared && declared != _total)
            throw new PayloadException(AuthErrors.IncompleteBody());
        if (_hash is not null && Convert.ToHexStringLower(_hash.GetHashAndReset()) != _expectedSha256Hex)
            throw new PayloadException(AuthErrors.XAmzContentSha256Mismatch());
        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _hash?.Dispose();
        base.Dispose(disposing);
    }
}
