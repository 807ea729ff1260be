using System.Net.Sockets;
using System.Text;

namespace Sluice.AcceptanceTests.Infrastructure;

public sealed record RawResponse(int StatusCode, string Head, string Body);

/// <summary>
/// HTTP/1.1 over a bare socket, for requests HttpClient will not send: a target with dot segments it
/// would normalise away, or a body cut short after its Content-Length was promised. Signed with SigV4.
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(string endpoint, string method, string target, byte[]? body = null,
        IReadOnlyDictionary<string, string>? extraHeaders = null)
    {
        using var client = await ConnectAsync(endpoint);
        var stream = client.GetStream();
        body ??= [];
        await stream.WriteAsync(Head(endpoint, method, target, body.Length, SigV4.PayloadHash(body), extraHeaders));
        await stream.WriteAsync(body);
        return await ReadResponseAsync(stream);
    }

    /// <summary>
    /// Declares all of <paramref name="fullBody"/>, sends <paramref name="sent"/> bytes of it, waits for
    /// <paramref name="beforeDisconnect"/>, then closes the connection.
    /// </summary>
    public static async Task SendTruncatedAsync(string endpoint, string method, string target, byte[] fullBody, int sent,
        Func<Task> beforeDisconnect)
    {
        using var client = await ConnectAsync(endpoint);
        var stream = client.GetStream();
        await stream.WriteAsync(Head(endpoint, method, target, fullBody.Length, SigV4.PayloadHash(fullBody), null));
        await stream.WriteAsync(fullBody.AsMemory(0, sent));
        await stream.FlushAsync();
        await beforeDisconnect();
        client.Client.Shutdown(SocketShutdown.Both);
    }

    private static async Task<TcpClient> ConnectAsync(string endpoint)
    {
        var uri = new Uri(endpoint);
        var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        return client;
    }

    private static byte[] Head(string endpoint, string method, string target, long contentLength, string payloadHash,
        IReadOnlyDictionary<string, string>? extraHeaders)
    {
        var host = new Uri(endpoint).Authority;
        var queryStart = target.IndexOf('?');
        var path = queryStart < 0 ? target : target[..queryStart];
        var query = queryStart < 0 ? "" : target[(queryStart + 1)..];
        var headers = new Dictionary<string, string>(extraHeaders ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        SigV4.Sign(method, host, path, query, headers, payloadHash);
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {contentLength}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        head.Append("\r\n");
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    private static async Task<RawResponse> ReadResponseAsync(NetworkStream stream)
    {
        using var buffer = new MemoryStream();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(buffer, deadline.Token);
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? "" : text[(split + 4)..];
        var status = int.Parse(head.Split(' ', 3)[1]);
        return new RawResponse(status, head, body);
    }
}
