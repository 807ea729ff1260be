using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Time.Testing;
using Sluice.Auth;
using Sluice.Hosting;

namespace Sluice.Tests.Auth;

/// <summary>Builds server-side requests the way Kestrel would present them.</summary>
internal static class TestRequests
{
    public const string ExampleAccessKey = "AKIAIOSFODNN7EXAMPLE";
    public const string ExampleSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    public static HttpRequest Create(string method, string rawTarget, IEnumerable<(string Name, string Value)> headers, byte[]? body = null)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = method;
        var queryStart = rawTarget.IndexOf('?');
        request.Path = PathString.FromUriComponent(queryStart < 0 ? rawTarget : rawTarget[..queryStart]);
        request.QueryString = new QueryString(queryStart < 0 ? "" : rawTarget[queryStart..]);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        foreach (var (name, value) in headers)
            request.Headers.Append(name, value);
        if (body is not null)
        {
            request.Body = new MemoryStream(body);
            request.ContentLength ??= body.Length;
        }
        return request;
    }

    /// <summary>What the server receives for a message our client-side signer produced.</summary>
    public static HttpRequest FromMessage(HttpRequestMessage message, byte[]? body = null)
    {
        var uri = message.RequestUri!;
        var headers = new List<(string, string)> { ("Host", uri.Authority) };
        foreach (var header in message.Headers.NonValidated)
            headers.AddRange(header.Value.Select(v => (header.Key, v)));
        if (message.Content is not null)
        {
            foreach (var header in message.Content.Headers.NonValidated)
                headers.AddRange(header.Value.Select(v => (header.Key, v)));
        }
        return Create(message.Method.Method, uri.PathAndQuery, headers, body);
    }

    public static RequestAuthenticator Authenticator(DateTimeOffset now, string accessKey = ExampleAccessKey, string secretKey = ExampleSecretKey) =>
        new(Credentials(accessKey, secretKey), new FakeTimeProvider(now));

    public static CredentialStore Credentials(string accessKey = ExampleAccessKey, string secretKey = ExampleSecretKey) =>
        new(new SluiceOptions { Host = "127.0.0.1", Port = 0, DataPath = "", AccessKey = accessKey, SecretKey = secretKey });
}
