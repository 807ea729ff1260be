using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sluice.Bench.Harness;

/// <summary>
/// One keep-alive HTTP/1.1 connection to a loopback server, written by hand, with blocking calls. The
/// client shares the machine's cores with the server it measures, so every microsecond it spends is
/// taken from the server: the request head goes straight into a buffer (head and a small body leave in
/// one send), and the caller's thread blocks in recv until the answer is there. That is two system calls
/// and one wake-up per small request, where an async client (HttpClient included) adds a failed recv, an
/// epoll wake-up and a hand-off to the thread pool, plus header collections and content objects.
/// </summary>
public sealed class RawHttpConnection : IDisposable
{
    private const int ReceiveBufferSize = 256 * 1024;
    private const int SendBufferSize = 16 * 1024;
    private const int ErrorTextLimit = 2048;

    // A server that stops answering fails the run instead of hanging it.
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(60);

    private readonly IPEndPoint _endPoint;
    private readonly string _authority;
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
        // The Host header; a signer given the same endpoint signs the same value.
        _authority = endpoint.Authority;
    }

    /// <summary>Sends one request and reads its whole response.</summary>
    /// <param name="bodyCopy">Where to copy the response body (as much as fits); empty to discard it.</param>
    public HttpAnswer Send(
        string method, string target, IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body, Span<byte> bodyCopy)
    {
        var socket = _socket ?? Connect();
        var headLength = WriteHead(method, target, headers, body.Length);
        if (headLength + body.Length <= _send.Length)
        {
            body.CopyTo(_send.AsSpan(headLength));
            SendAll(socket, _send.AsSpan(0, headLength + body.Length));
        }
        else
        {
            SendAll(socket, _send.AsSpan(0, headLength));
            SendAll(socket, body);
        }
        return ReadResponse(bodyCopy);
    }

    /// <summary>Closes the connection; a thread blocked in it fails at once. The next request reconnects.</summary>
    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private Socket Connect()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            ReceiveTimeout = (int)ReceiveTimeout.TotalMilliseconds,
        };
        try
        {
            socket.Connect(_endPoint);
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

    private int WriteHead(string method, string target, IReadOnlyList<KeyValuePair<string, string>> headers, int contentLength)
    {
        var at = 0;
        void Append(string text) => at += Encoding.ASCII.GetBytes(text, _send.AsSpan(at));

        Append(method);
        Append(" ");
        Append(target);
        Append(" HTTP/1.1\r\nHost: ");
        Append(_authority);
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
            Append(contentLength.ToString(CultureInfo.InvariantCulture));
            Append("\r\n");
        }
        Append("\r\n");
        return at;
    }

    private static void SendAll(Socket socket, ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
            bytes = bytes[socket.Send(bytes)..];
    }

    private HttpAnswer ReadResponse(Span<byte> bodyCopy)
    {
        int headLength;
        while ((headLength = _receive.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
            Fill();
        var head = ParseHead(_receive.AsSpan(_start, headLength));
        _start += headLength + 4;

        var success = head.Status is >= 200 and < 300;
        var copy = success || bodyCopy.Length > 0 ? bodyCopy : new byte[ErrorTextLimit];
        var received = head.Chunked ? ReadChunked(copy) : Consume(head.ContentLength, copy, 0);
        if (head.Close) Dispose();

        var errorText = success ? null : Encoding.UTF8.GetString(copy[..(int)Math.Min(received, copy.Length)]);
        return new HttpAnswer(head.Status, received, errorText);
    }

    private long ReadChunked(Span<byte> copy)
    {
        long received = 0;
        while (true)
        {
            var sizeText = ReadLine().Split(';')[0].Trim();
            var size = long.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0) break;
            received = Consume(size, copy, received);
            ReadLine();
        }
        while (ReadLine().Length > 0)
        {
            // Trailer fields: none of them matter here.
        }
        return received;
    }

    /// <summary>Takes <paramref name="count"/> body bytes off the connection, copying what fits into <paramref name="copy"/> from <paramref name="offset"/>.</summary>
    private long Consume(long count, Span<byte> copy, long offset)
    {
        while (count > 0)
        {
            if (_start == _end) Fill();
            var take = (int)Math.Min(count, _end - _start);
            if (offset < copy.Length)
            {
                var fits = (int)Math.Min(take, copy.Length - offset);
                _receive.AsSpan(_start, fits).CopyTo(copy[(int)offset..]);
            }
            _start += take;
            count -= take;
            offset += take;
        }
        return offset;
    }

    private string ReadLine()
    {
        int length;
        while ((length = _receive.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
            Fill();
        var line = Encoding.ASCII.GetString(_receive, _start, length);
        _start += length + 2;
        return line;
    }

    private void Fill()
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
        var read = socket.Receive(_receive.AsSpan(_end));
        if (read == 0)
        {
            Dispose();
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
