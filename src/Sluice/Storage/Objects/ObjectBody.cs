using System.IO.Pipelines;
using Sluice.Storage.Blobs;

namespace Sluice.Storage.Objects;

/// <summary>
/// An object's body (or a byte range of it) ready to send. The blob files are opened up front, so
/// a concurrent overwrite that deletes them cannot cut the response short (unlinked files stay readable).
/// Blob reads are synchronous: they are mostly page-cache copies, and .NET's asynchronous file reads on
/// Linux are the same read run on another thread-pool thread, two thread hops per chunk.
/// </summary>
public sealed class ObjectBody : IAsyncDisposable
{
    private const int CopyBufferSize = 256 * 1024;
    private readonly byte[]? _inline;
    private readonly List<(FileStream File, long Offset, long Length)> _pieces;
    private readonly long _inlineOffset;

    private ObjectBody(byte[]? inline, long inlineOffset, List<(FileStream, long, long)> pieces, long length)
    {
        _inline = inline;
        _inlineOffset = inlineOffset;
        _pieces = pieces;
        Length = length;
    }

    public long Length { get; }

    /// <summary>Opens bytes [offset, offset+length) of the object. Throws FileNotFoundException if a blob vanished.</summary>
    public static ObjectBody Open(BlobStore blobs, ObjectRecord record, long offset, long length)
    {
        if (record.InlineBody is not null || record.Segments.Count == 0)
            return new ObjectBody(record.InlineBody ?? [], offset, [], length);

        var pieces = new List<(FileStream, long, long)>();
        try
        {
            long segmentStart = 0;
            var end = offset + length;
            foreach (var segment in record.Segments)
            {
                var segmentEnd = segmentStart + segment.Size;
                if (segmentEnd > offset && segmentStart < end)
                {
                    var from = Math.Max(offset, segmentStart) - segmentStart;
                    var to = Math.Min(end, segmentEnd) - segmentStart;
                    pieces.Add((blobs.OpenRead(segment.BlobId), from, to - from));
                }
                segmentStart = segmentEnd;
            }
            return new ObjectBody(null, 0, pieces, length);
        }
        catch
        {
            foreach (var (file, _, _) in pieces) file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes the body into <paramref name="destination"/>'s own buffers: blob bytes are read straight into the memory the
    /// writer sends from (for a response, Kestrel's output), not into a buffer of ours and copied from there.
    /// </summary>
    public async Task CopyToAsync(PipeWriter destination, CancellationToken cancellationToken)
    {
        if (_inline is not null)
        {
            await destination.WriteAsync(_inline.AsMemory((int)_inlineOffset, (int)Length), cancellationToken);
            return;
        }
        foreach (var (file, offset, length) in _pieces)
        {
            var position = offset;
            var remaining = length;
            while (remaining > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = (int)Math.Min(CopyBufferSize, remaining);
                var memory = destination.GetMemory(chunk);
                var read = RandomAccess.Read(file.SafeFileHandle, memory.Span[..Math.Min(memory.Length, chunk)], position);
                if (read == 0) throw new IOException("blob file is shorter than the catalog says");
                destination.Advance(read);
                var flushed = await destination.FlushAsync(cancellationToken);
                if (flushed.IsCompleted || flushed.IsCanceled) return;
                position += read;
                remaining -= read;
            }
        }
    }

    /// <summary>The body as a readable stream (for copies, which read one object while writing another).</summary>
    public Stream AsStream(CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        _ = Task.Run(async () =>
        {
            try
            {
                await CopyToAsync(pipe.Writer, cancellationToken);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception error)
            {
                await pipe.Writer.CompleteAsync(error);
            }
        }, cancellationToken);
        return pipe.Reader.AsStream();
    }

    public ValueTask DisposeAsync()
    {
        foreach (var (file, _, _) in _pieces) file.Dispose();
        return ValueTask.CompletedTask;
    }
}
