using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Auth;

/// <summary>
/// Decodes <c>Content-Encoding: aws-chunked</c>: <c>hex-size[;chunk-signature=sig]\r\n data \r\n</c> … a zero-size
/// chunk, then optional trailer lines. Signed chunks chain from the request's seed signature and are
/// checked as each chunk ends, before its last bytes are handed out.
/// </summary>
internal sealed class AwsChunkedPayloadStream : PayloadStream
{
    private const int BufferSize = 16 * 1024;
    private const int MaxLineLength = 4 * 1024;
    private const string TrailerSignatureName = "x-amz-trailer-signature";

    private readonly Stream _inner;
    private readonly ChunkSigningContext? _signing;
    private readonly bool _hasTrailer;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private readonly IncrementalHash? _chunkHash;
    private int _bufferStart;
    private int _bufferEnd;
    private bool _innerEnded;
    private State _state = State.ChunkHeader;
    private long _chunkRemaining;
    private long _decodedTotal;
    private string? _previousSignature;
    private string? _chunkSignature;
    private bool _disposed;

    public AwsChunkedPayloadStream(Stream inner, long? declaredLength, ChunkSigningContext? signing, bool hasTrailer)
        : base(declaredLength)
    {
        _inner = inner;
        _signing = signing;
        _hasTrailer = hasTrailer;
        _previousSignature = signing?.SeedSignature;
        _chunkHash = signing is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    private enum State
    {
        ChunkHeader,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Done,
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private protected override async ValueTask<int> ReadCore(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
            return 0;
        while (true)
        {
            switch (_state)
            {
                case State.ChunkHeader:
                    ParseChunkHeader(await ReadLine(allowUnterminated: false, useAsync, cancellationToken).ConfigureAwait(false)
                        ?? throw Incomplete("The aws-chunked body ended before its final chunk."));
                    break;

                case State.ChunkData:
                    return await ReadChunkData(destination, useAsync, cancellationToken).ConfigureAwait(false);

                case State.ChunkDataEnd:
                    var separator = await ReadLine(allowUnterminated: false, useAsync, cancellationToken).ConfigureAwait(false)
                        ?? throw Incomplete("The aws-chunked body ended inside a chunk.");
                    if (separator.Length != 0)
                        throw Malformed("chunk data is longer than its declared size");
                    _state = State.ChunkHeader;
                    break;

                case State.Trailers:
                    await ReadTrailers(useAsync, cancellationToken).ConfigureAwait(false);
                    if (DeclaredLength is { } declared && declared != _decodedTotal)
                        throw Incomplete($"The decoded body has {_decodedTotal} bytes but x-amz-decoded-content-length says {declared}.");
                    _state = State.Done;
                    break;

                default:
                    return 0;
            }
        }
    }

    private void ParseChunkHeader(string line)
    {
        var extensionsStart = line.IndexOf(';');
        var sizeText = (extensionsStart < 0 ? line : line[..extensionsStart]).Trim();
        if (sizeText.Length is 0 or > 15 || !long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
            throw Malformed("a chunk size is not a hexadecimal number");

        _chunkSignature = null;
        if (extensionsStart >= 0)
        {
            foreach (var extension in line[(extensionsStart + 1)..].Split(';'))
            {
                var equals = extension.IndexOf('=');
                if (equals > 0 && extension[..equals].Trim() == "chunk-signature")
                    _chunkSignature = extension[(equals + 1)..].Trim();
            }
        }
        if (_signing is not null && _chunkSignature is null)
            throw new PayloadException(AuthErrors.SignatureDoesNotMatch());

        if (size == 0)
        {
            VerifyChunkSignature();
            _state = State.Trailers;
            return;
        }
        _chunkRemaining = size;
        _state = State.ChunkData;
    }

    private async ValueTask<int> ReadChunkData(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Min(destination.Length, _chunkRemaining);
        int read;
        if (_bufferEnd > _bufferStart)
        {
            read = Math.Min(wanted, _bufferEnd - _bufferStart);
            _buffer.AsSpan(_bufferStart, read).CopyTo(destination.Span);
            _bufferStart += read;
        }
        else
        {
            // Large chunks go straight from the connection into the caller's buffer, without a copy.
            read = _innerEnded ? 0 : await ReadInner(_inner, destination[..wanted], useAsync, cancellationToken).ConfigureAwait(false);
            if (read == 0)
                throw Incomplete("The aws-chunked body ended inside a chunk.");
        }

        _chunkHash?.AppendData(destination.Span[..read]);
        _chunkRemaining -= read;
        _decodedTotal += read;
        if (DeclaredLength is { } declared && _decodedTotal > declared)
            throw Incomplete($"The decoded body is longer than x-amz-decoded-content-length ({declared}).");
        if (_chunkRemaining == 0)
        {
            VerifyChunkSignature();
            _state = State.ChunkDataEnd;
        }
        return read;
    }

    private void VerifyChunkSignature()
    {
        if (_signing is null)
            return;
        var chunkSha256 = Convert.ToHexStringLower(_chunkHash!.GetHashAndReset());
        var stringToSign = SigV4.ChunkStringToSign(_signing.Timestamp, _signing.Scope, _previousSignature!, chunkSha256);
        var expected = SigV4.Sign(_signing.SigningKey, stringToSign);
        if (!SigV4.SignaturesEqual(expected, _chunkSignature))
            throw new PayloadException(AuthErrors.SignatureDoesNotMatch(stringToSign));
        _previousSignature = expected;
    }

    private async ValueTask ReadTrailers(bool useAsync, CancellationToken cancellationToken)
    {
        var trailers = new Dictionary<string, string>(StringComparer.Ordinal);
        var signedText = new StringBuilder();
        string? trailerSignature = null;
        // Lines until a blank line after the first trailer, or the end of the body: a missing final
        // blank line is tolerated, and so is a blank line between the last chunk and the trailers.
        while (await ReadLine(allowUnterminated: true, useAsync, cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (trailers.Count > 0 || trailerSignature is not null)
                    break;
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
                throw Malformed("a trailer line has no name");
            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == TrailerSignatureName)
            {
                trailerSignature = value;
                continue;
            }
            trailers[name] = value;
            signedText.Append(name).Append(':').Append(value).Append('\n');
        }

        if (_signing is not null && !_hasTrailer && trailers.Count > 0)
            throw Malformed("trailers were sent without x-amz-content-sha256 announcing them");
        if (_signing is not null && _hasTrailer)
        {
            var stringToSign = SigV4.TrailerStringToSign(_signing.Timestamp, _signing.Scope, _previousSignature!, SigV4.Sha256Hex(signedText.ToString()));
            if (!SigV4.SignaturesEqual(SigV4.Sign(_signing.SigningKey, stringToSign), trailerSignature))
                throw new PayloadException(AuthErrors.SignatureDoesNotMatch(stringToSign));
        }
        TrailerValues = trailers;
    }

    /// <summary>
    /// The next line without its CR LF, or null at the end of the body. An unterminated last line is
    /// returned only if <paramref name="allowUnterminated"/>; otherwise it counts as truncation.
    /// </summary>
    private async ValueTask<string?> ReadLine(bool allowUnterminated, bool useAsync, CancellationToken cancellationToken)
    {
        if (_bufferStart == _bufferEnd)
            _bufferStart = _bufferEnd = 0;
        var searchFrom = _bufferStart;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', searchFrom, _bufferEnd - searchFrom);
            if (newline >= 0)
            {
                var end = newline > _bufferStart && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
                var line = Encoding.Latin1.GetString(_buffer, _bufferStart, end - _bufferStart);
                _bufferStart = newline + 1;
                return line;
            }
            if (_bufferEnd - _bufferStart >= MaxLineLength)
                throw Malformed("a chunk header or trailer line is too long");
            if (_innerEnded)
            {
                if (_bufferEnd == _bufferStart || !allowUnterminated)
                    return null;
                var rest = Encoding.Latin1.GetString(_buffer, _bufferStart, _bufferEnd - _bufferStart).TrimEnd('\r');
                _bufferStart = _bufferEnd;
                return rest;
            }
            searchFrom = _bufferEnd;
            if (_bufferEnd == _buffer.Length)
            {
                var pending = _bufferEnd - _bufferStart;
                Buffer.BlockCopy(_buffer, _bufferStart, _buffer, 0, pending);
                searchFrom -= _bufferStart;
                _bufferStart = 0;
                _bufferEnd = pending;
            }
            var read = await ReadInner(_inner, _buffer.AsMemory(_bufferEnd), useAsync, cancellationToken).ConfigureAwait(false);
            if (read == 0)
                _innerEnded = true;
            _bufferEnd += read;
        }
    }

    private static PayloadException Incomplete(string message) => new(AuthErrors.IncompleteBody(message));

    private static PayloadException Malformed(string detail) =>
        new(AuthErrors.InvalidRequest($"The aws-chunked body is malformed: {detail}."));

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            ArrayPool<byte>.Shared.Return(_buffer);
            _chunkHash?.Dispose();
        }
        base.Dispose(disposing);
    }
}
