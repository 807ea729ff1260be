using System.Net.Sockets;
using System.Text;

namespace Sluice.Functions.Runtime;

/// <summary>One event handed over by <c>GET /runtime/invocation/next</c>.</summary>
internal sealed record NextInvocation(string RequestId, long DeadlineMs, string FunctionArn, string? TraceId, string? ClientContext, byte[] Payload);

/// <summary>
/// HTTP/1.1 to the Lambda Runtime API at <c>AWS_LAMBDA_RUNTIME_API</c>, on one kept-alive loopback socket.
/// An invocation's result and the GET for the next event leave in one write (pipelined; the answers come
/// back in order), so a warm invocation costs one round trip. Sluice frames every answer with Content-Length.
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly string _host;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public RuntimeApiClient(string hostAndPort)
    {
        var colon = hostAndPort.LastIndexOf(':');
        _host = hostAndPort;
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect(hostAndPort[..colon], int.Parse(hostAndPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The next event, or null when the platform answers anything but 200 (it is stopping this environment).</summary>
    public async Task<NextInvocation?> NextAsync()
    {
        await SendAsync(Ascii(Request("GET", "invocation/next", null, 0)));
        return await ReceiveNextAsync();
    }

    /// <summary>Posts the invocation's response (or, with an error type, its error) and asks for the next event in the same write.</summary>
    public async Task<NextInvocation?> CompleteAndNextAsync(string requestId, ReadOnlyMemory<byte> body, string? errorType)
    {
        var path = $"invocation/{Uri.EscapeDataString(requestId)}/{(errorType is null ? "response" : "error")}";
        await SendAsync(Ascii(Request("POST", path, errorType, body.Length)), body, Ascii(Request("GET", "invocation/next", null, 0)));
        await ReceiveAsync();
        return await ReceiveNextAsync();
    }

    public async Task PostInitErrorAsync(ReadOnlyMemory<byte> body, string errorType)
    {
        await SendAsync(Ascii(Request("POST", "init/error", errorType, body.Length)), body);
        await ReceiveAsync();
    }

    public void Dispose() => _socket.Dispose();

    private static ReadOnlyMemory<byte> Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private string Request(string method, string path, string? errorType, int contentLength)
    {
        var head = new StringBuilder(160).Append(method).Append(" /2018-06-01/runtime/").Append(path).Append(" HTTP/1.1\r\nHost: ").Append(_host).Append("\r\n");
        if (errorType is not null)
            head.Append("Content-Type: application/vnd.aws.lambda.error+json\r\nLambda-Runtime-Function-Error-Type: ").Append(errorType).Append("\r\n");
        else if (method == "POST")
            head.Append("Content-Type: application/json\r\n");
        return head.Append("Content-Length: ").Append(contentLength).Append("\r\n\r\n").ToString();
    }

    private async Task SendAsync(params ReadOnlyMemory<byte>[] parts)
    {
        var segments = new List<ArraySegment<byte>>(parts.Length);
        foreach (var part in parts)
            if (!part.IsEmpty)
                segments.Add(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(part, out var array) ? array : part.ToArray());
        await _socket.SendAsync(segments, SocketFlags.None);
    }

    private async Task<NextInvocation?> ReceiveNextAsync()
    {
        var (status, headers, body) = await ReceiveAsync();
        if (status != 200)
            return null;
        return new NextInvocation(
            headers.GetValueOrDefault("lambda-runtime-aws-request-id") ?? throw new InvalidOperationException("GET next: no Lambda-Runtime-Aws-Request-Id"),
            long.TryParse(headers.GetValueOrDefault("lambda-runtime-deadline-ms"), System.Globalization.CultureInfo.InvariantCulture, out var deadline) ? deadline : 0,
            headers.GetValueOrDefault("lambda-runtime-invoked-function-arn") ?? "",
            headers.GetValueOrDefault("lambda-runtime-trace-id"),
            headers.GetValueOrDefault("lambda-runtime-client-context"),
            body);
    }

    /// <summary>Reads one answer: status, headers (names in lower case) and the Content-Length body.</summary>
    private async Task<(int Status, Dictionary<string, string> Headers, byte[] Body)> ReceiveAsync()
    {
        int headLength;
        while ((headLength = _buffer.AsSpan(_start, _end - _start).IndexOf(HeadEnd)) < 0)
            await FillAsync();
        var lines = Encoding.ASCII.GetString(_buffer, _start, headLength).Split("\r\n");
        _start += headLength + HeadEnd.Length;
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        if (headers.ContainsKey("transfer-encoding"))
            throw new InvalidOperationException("Runtime API: chunked answers are not expected");
        var length = int.Parse(headers.GetValueOrDefault("content-length") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        while (_end - _start < length)
            await FillAsync();
        var body = _buffer.AsSpan(_start, length).ToArray();
        _start += length;
        var statusLine = lines[0].Split(' ');
        var status = statusLine.Length > 1 && int.TryParse(statusLine[1], System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : 0;
        return (status, headers, body);
    }

    private async Task FillAsync()
    {
        if (_start == _end)
            _start = _end = 0;
        if (_end == _buffer.Length)
        {
            // Keep what is unread; grow when it fills the buffer (a large event).
            var unread = _end - _start;
            var target = unread > _buffer.Length / 2 ? new byte[_buffer.Length * 2] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, unread);
            (_buffer, _start, _end) = (target, 0, unread);
        }
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (read == 0)
            throw new IOException("Runtime API connection closed");
        _end += read;
    }
}
