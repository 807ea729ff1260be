using System.Net.Sockets;
using System.Text;

namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>One response as it came off the wire: interim (1xx) responses are returned on their own.</summary>
public sealed record RawHttpResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>
/// A kept-alive HTTP/1.1 connection over a bare socket that sends a request's head and body separately,
/// for what clients do with <c>Expect: 100-continue</c>: send the head, wait for an answer, then send the
/// body or not. Requests are signed with SigV4; every read has a deadline, so a server that never
/// answers fails the test instead of hanging it.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReadDeadline = TimeSpan.FromSeconds(15);
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly string _host;
    private readonly List<byte> _received = [];

    private RawHttpConnection(TcpClient client, string host)
    {
        _client = client;
        _stream = client.GetStream();
        _host = host;
    }

    public static async Task<RawHttpConnection> OpenAsync(string endpoint)
    {
        var uri = new Uri(endpoint);
        var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        return new RawHttpConnection(client, uri.Authority);
    }

    /// <summary>Sends the signed head of a request whose body is <paramref name="body"/> (declared, not sent).</summary>
    public Task SendHeadAsync(string method, string target, byte[] body, IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? afterSigning = null) =>
        SendHeadAsync(method, target, body.Length, SigV4.PayloadHash(body), headers, afterSigning);

    /// <summary>
    /// Sends a signed head declaring <paramref name="contentLength"/> bytes signed as <paramref name="payloadHash"/>.
    /// <paramref name="afterSigning"/> replaces headers once signed, to send a signature that does not match.
    /// </summary>
    public async Task SendHeadAsync(string method, string target, long contentLength, string payloadHash,
        IReadOnlyDictionary<string, string>? headers = null, IReadOnlyDictionary<string, string>? afterSigning = null)
    {
        var queryStart = target.IndexOf('?');
        var path = queryStart < 0 ? target : target[..queryStart];
        var query = queryStart < 0 ? "" : target[(queryStart + 1)..];
        var all = new Dictionary<string, string>(headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        SigV4.Sign(method, _host, path, query, all, payloadHash);
        foreach (var (name, value) in afterSigning ?? new Dictionary<string, string>())
            all[name] = value;
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {_host}\r\nContent-Length: {contentLength}\r\n");
        foreach (var (name, value) in all)
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        head.Append("\r\n");
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()));
    }

    public async Task SendBodyAsync(byte[] body) => await _stream.WriteAsync(body);

    /// <summary>The next response, interim or final; a body is read by its Content-Length.</summary>
    public async Task<RawHttpResponse> ReadResponseAsync()
    {
        using var deadline = new CancellationTokenSource(ReadDeadline);
        int headEnd;
        while ((headEnd = IndexOfHeadEnd()) < 0)
            await ReceiveAsync(deadline.Token, "a response head");
        var head = Encoding.UTF8.GetString(_received.GetRange(0, headEnd).ToArray());
        _received.RemoveRange(0, headEnd + 4);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ', 3)[1]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }
        var length = status >= 200 && headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared) : 0;
        while (_received.Count < length)
            await ReceiveAsync(deadline.Token, $"{length} bytes of body");
        var body = Encoding.UTF8.GetString(_received.GetRange(0, length).ToArray());
        _received.RemoveRange(0, length);
        return new RawHttpResponse(status, headers, body);
    }

    /// <summary>Whether the server closes its side within the deadline, with nothing more sent.</summary>
    public async Task<bool> ServerClosesAsync()
    {
        using var deadline = new CancellationTokenSource(ReadDeadline);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, deadline.Token);
                if (read == 0) return _received.Count == 0;
                _received.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (IOException)
        {
            return _received.Count == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Ends the client's side of the connection, as a client does after a <c>Connection: close</c> response.</summary>
    public void Shutdown() => _client.Client.Shutdown(SocketShutdown.Send);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private int IndexOfHeadEnd()
    {
        for (var i = 0; i + 3 < _received.Count; i++)
        {
            if (_received[i] == '\r' && _received[i + 1] == '\n' && _received[i + 2] == '\r' && _received[i + 3] == '\n')
                return i;
        }
        return -1;
    }

    private async Task ReceiveAsync(CancellationToken deadline, string awaited)
    {
        var buffer = new byte[4096];
        int read;
        try
        {
            read = await _stream.ReadAsync(buffer, deadline);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {awaited} from the server within {ReadDeadline.TotalSeconds} s.");
        }
        if (read == 0) throw new IOException($"The server closed the connection while {awaited} was awaited.");
        _received.AddRange(buffer.AsSpan(0, read));
    }
}
