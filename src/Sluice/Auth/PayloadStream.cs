namespace Sluice.Auth;

/// <summary>
/// A request body as the client meant it: framing removed and integrity checked while it is read.
/// Read-only and forward-only; a problem surfaces as <see cref="PayloadException"/> before end of stream is reported.
/// </summary>
public abstract class PayloadStream : Stream
{
    private static readonly IReadOnlyDictionary<string, string> NoTrailers = new Dictionary<string, string>();

    private protected PayloadStream(long? declaredLength)
    {
        DeclaredLength = declaredLength;
    }

    /// <summary>x-amz-decoded-content-length for aws-chunked bodies, Content-Length for plain ones; null if unknown.</summary>
    public long? DeclaredLength { get; }

    /// <summary>Trailing headers (lower-case names, e.g. x-amz-checksum-crc32); filled once the stream reaches its end.</summary>
    public IReadOnlyDictionary<string, string> Trailers => TrailerValues ?? NoTrailers;

    private protected Dictionary<string, string>? TrailerValues { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadCore(buffer.AsMemory(offset, count), useAsync: false, CancellationToken.None).GetAwaiter().GetResult();
    }

    public override int Read(Span<byte> buffer)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadCore(buffer.AsMemory(offset, count), useAsync: true, cancellationToken).AsTask();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCore(buffer, useAsync: true, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>One read; with <paramref name="useAsync"/> false it must complete synchronously.</summary>
    private protected abstract ValueTask<int> ReadCore(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken);

    private protected static ValueTask<int> ReadInner(Stream inner, Memory<byte> destination, bool useAsync, CancellationToken cancellationToken) =>
        useAsync ? inner.ReadAsync(destination, cancellationToken) : new ValueTask<int>(inner.Read(destination.Span));
}
