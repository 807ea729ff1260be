using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sluice.Bench.Harness;

/// <summary>
/// One keep-alive HTTP/1.1 connection to a loopback server, written by hand. The benchmark client shares
/// two cores with the server it measures, so every microsecond it spends is taken from the server: this
/// writes the request head straight into a buffer (head and a small body leave in one send) and reads the
/// response with one reusable buffer, where HttpClient would build header collections and content objects.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private const int ReceiveBufferSize = 256 * 1024;
    private const int SendBufferSize = 16 * 1024;
    private const int ErrorTextLimit = 2048;

    private readonly IPEndPoint _endPoint;
    private readonly byte[] _receive = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize);
    private readonly byte[] _send = GC.AllocateUninitializedArray<byte>(SendBufferSize);
    private Socket? _socket;
    private int _start;
    private int _end;

    public RawHttpConnection(Uri endpoint)
    {
        if (!IPAddress.TryParse(endpoint.Host, out var address) || !IPAddress.IsLoopback(address))
            throw new ArgumentException($"The benchmark only talks to loopback, not {endpoint}.", nameof(endpoint));
        _endPoint = new IPEndPoint(address, endpoint.Port);
        Authority = endpoint.Authority;
    }

    /// <summary>The Host header sent, "127.0.0.1:PORT" (what a signer must sign as host).</summary>
    public string Authority { get; }

    /// <summary>Sends one request and reads its whole response.</summary>
    /// <param name="bodyCopy">Where to copy the response body (as much as fits); empty to discard it.</param>
    public async ValueTask<HttpAnswer> SendAsync(
        string method, string target, IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body, Memory<byte> bodyCopy, CancellationToken cancellationToken)
    {
        var socket = _socket ?? await ConnectAsync(cancellationToken);
        var headLength = WriteHead(method, target, headers, body.Length);
        if (headLength + body.Length <= _send.Length)
        {
            body.Span.CopyTo(_send.AsSpan(headLength));
            await SendAllAsync(socket, _send.AsMemory(0, headLength + body.Length), cancellationToken);
        }
        else
        {
            await SendAllAsync(socket, _send.AsMemory(0, headLength), cancellationToken);
            await SendAllAsync(socket, body, cancellationToken);
        }
        return await ReadResponseAsync(bodyCopy, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_endPoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        _start = _end = 0;
        return socket;
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private int WriteHead(string method, string target, IReadOnlyList<KeyValuePair<string, string>> headers, int contentLength)
    {
        var at = 0;
        void Append(string text) => at += Encoding.ASCII.GetBytes(text, _send.AsSpan(at));

        Append(method);
        Append(" ");
        Append(target);
        Append(" HTTP/1.1\r\nHost: ");
        Append(Authority);
        Append("\r\n");
        foreach (var (name, value) in headers)
        {
            Append(name);
            Append(": ");
            Append(value);
            Append("\r\n");
        }
        if (contentLength > 0 || method is "PUT" or "POST")
        {
            Append("Content-Length: ");
            Append(contentLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Append("\r\n");
        }
        Append("\r\n");
        return at;
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (bytes.Length > 0)
        {
            var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    private async ValueTask<HttpAnswer> ReadResponseAsync(Memory<byte> bodyCopy, CancellationToken cancellationToken)
    {
        int headLength;
        while ((headLength = _receive.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
            await FillAsync(cancellationToken);
        var head = ParseHead(_receive.AsSpan(_start, headLength));
        _start += headLength + 4;

        var copy = head.Status is >= 200 and < 300 || bodyCopy.Length > 0 ? bodyCopy : new byte[ErrorTextLimit];
        long received;
        if (head.Chunked)
            received = await ReadChunkedAsync(copy, cancellationToken);
        else
            received = await ConsumeAsync(head.ContentLength, copy, 0, cancellationToken);
        if (head.Close) Close();

        string? errorText = null;
        if (head.Status is < 200 or >= 300)
            errorText = Encoding.UTF8.GetString(copy.Span[..(int)Math.Min(received, copy.Length)]);
        return new HttpAnswer(head.Status, received, errorText);
    }

    private async ValueTask<long> ReadChunkedAsync(Memory<byte> copy, CancellationToken cancellationToken)
    {
        long received = 0;
        while (true)
        {
            var sizeLine = await ReadLineAsync(cancellationToken);
            var sizeText = sizeLine.Split(';')[0].Trim();
            var size = long.Parse(sizeText, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            if (size == 0) break;
            received = await ConsumeAsync(size, copy, received, cancellationToken);
            await ReadLineAsync(cancellationToken);
        }
        while ((await ReadLineAsync(cancellationToken)).Length > 0)
        {
            // Trailer fields: none of them matter here.
        }
        return received;
    }

    /// <summary>Takes <paramref name="count"/> body bytes off the connection, copying what fits into <paramref name="copy"/> from <paramref name="offset"/>.</summary>
    private async ValueTask<long> ConsumeAsync(long count, Memory<byte> copy, long offset, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end) await FillAsync(cancellationToken);
            var take = (int)Math.Min(count, _end - _start);
            if (offset < copy.Length)
            {
                var fits = (int)Math.Min(take, copy.Length - offset);
                _receive.AsSpan(_start, fits).CopyTo(copy.Span[(int)offset..]);
            }
            _start += take;
            count -= take;
            offset += take;
        }
        return offset;
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        int length;
        while ((length = _receive.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
            await FillAsync(cancellationToken);
        var line = Encoding.ASCII.GetString(_receive, _start, length);
        _start += length + 2;
        return line;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _receive.Length)
        {
            if (_start == 0) throw new BenchmarkException("A response head or chunk line does not fit the receive buffer.");
            Buffer.BlockCopy(_receive, _start, _receive, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        var socket = _socket ?? throw new IOException("The connection is closed.");
        var read = await socket.ReceiveAsync(_receive.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            Close();
            throw new IOException("The server closed the connection in the middle of a response.");
        }
        _end += read;
    }

    private static (int Status, long ContentLength, bool Chunked, bool Close) ParseHead(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        if (!statusLine.StartsWith("HTTP/1.1 "u8) || !Utf8Parser.TryParse(statusLine[9..], out int status, out _))
            throw new BenchmarkException($"Not an HTTP/1.1 status line: {Encoding.ASCII.GetString(statusLine)}");

        long contentLength = 0;
        bool chunked = false, close = false;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (rest.Length > 0)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
                Utf8Parser.TryParse(value, out contentLength, out _);
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
                chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
                close = Ascii.EqualsIgnoreCase(value, "close"u8);
        }
        return (status, contentLength, chunked, close);
    }
}
