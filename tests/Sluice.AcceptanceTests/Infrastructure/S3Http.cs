using System.Net;
using System.Text;
using System.Xml.Linq;

namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>
/// Hand-made, SigV4-signed S3 requests over HttpClient: for requests no client will send (bad input),
/// and for setting up or checking state without paying a client process start.
/// </summary>
public sealed class S3Http(string endpoint) : IDisposable
{
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";
    // S3 header values travel as UTF-8 (a Content-Disposition with "ü"); HttpClient's default reads them as Latin-1.
    private readonly HttpClient _http = new(new SigningHandler(new SocketsHttpHandler { ResponseHeaderEncodingSelector = (_, _) => Encoding.UTF8 }))
    {
        BaseAddress = new Uri(endpoint),
    };

    public HttpClient Client => _http;

    /// <summary>Path-style target: /bucket/key with the key encoded as clients do (every byte but unreserved and '/').</summary>
    public static string Target(string bucket, string key = "", string query = "") =>
        $"/{bucket}{(key.Length > 0 ? "/" + SigV4.Encode(key, keepSlash: true) : "")}{(query.Length > 0 ? "?" + query : "")}";

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string bucket, string key = "", string query = "",
        HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, Target(bucket, key, query)) { Content = content };
        configure?.Invoke(request);
        return _http.SendAsync(request);
    }

    public async Task CreateBucketAsync(string bucket)
    {
        using var response = await SendAsync(HttpMethod.Put, bucket);
        await EnsureAsync(response, $"CreateBucket {bucket}");
    }

    public async Task<string> PutObjectAsync(string bucket, string key, byte[] body, string? contentType = null)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = new(contentType);
        using var response = await SendAsync(HttpMethod.Put, bucket, key, content: content);
        await EnsureAsync(response, $"PutObject {bucket}/{key}");
        return response.Headers.ETag?.Tag ?? "";
    }

    public async Task<byte[]> GetObjectAsync(string bucket, string key)
    {
        using var response = await SendAsync(HttpMethod.Get, bucket, key);
        await EnsureAsync(response, $"GetObject {bucket}/{key}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async Task<HttpStatusCode> HeadObjectStatusAsync(string bucket, string key)
    {
        using var response = await SendAsync(HttpMethod.Head, bucket, key);
        return response.StatusCode;
    }

    public async Task<string> CreateMultipartUploadAsync(string bucket, string key)
    {
        using var response = await SendAsync(HttpMethod.Post, bucket, key, "uploads");
        var document = XElement.Parse(await EnsureAsync(response, $"CreateMultipartUpload {bucket}/{key}"));
        return (string)document.Element(S3 + "UploadId")!;
    }

    public async Task<string> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, byte[] body)
    {
        using var response = await SendAsync(HttpMethod.Put, bucket, key,
            $"partNumber={partNumber}&uploadId={SigV4.Encode(uploadId)}", new ByteArrayContent(body));
        await EnsureAsync(response, $"UploadPart {partNumber}");
        return response.Headers.ETag!.Tag;
    }

    /// <summary>Every key in the bucket, through ListObjectsV2 pages.</summary>
    public async Task<List<string>> ListKeysAsync(string bucket, string prefix = "")
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var query = "list-type=2&prefix=" + SigV4.Encode(prefix) + (token is null ? "" : "&continuation-token=" + SigV4.Encode(token));
            using var response = await SendAsync(HttpMethod.Get, bucket, query: query);
            var document = XElement.Parse(await EnsureAsync(response, $"ListObjectsV2 {bucket}"));
            keys.AddRange(document.Elements(S3 + "Contents").Select(contents => (string)contents.Element(S3 + "Key")!));
            token = (string?)document.Element(S3 + "NextContinuationToken");
        } while (token is not null);
        return keys;
    }

    /// <summary>The S3 error code of a failed response (empty for HEAD, which has no body).</summary>
    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? "" : (string?)XElement.Parse(text).Element("Code") ?? "";
    }

    public static async Task<string> EnsureAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode}\n{text}");
        return text;
    }

    public void Dispose() => _http.Dispose();

    private sealed class SigningHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in request.Headers)
                headers[name] = string.Join(",", values);
            if (request.Content?.Headers.ContentMD5 is { } md5)
                headers["Content-MD5"] = Convert.ToBase64String(md5);
            var uri = request.RequestUri!;
            SigV4.Sign(request.Method.Method, uri.Authority, uri.AbsolutePath, uri.Query.TrimStart('?'), headers, SigV4.PayloadHash(body));
            foreach (var name in new[] { "x-amz-date", "x-amz-content-sha256", "Authorization" })
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, headers[name]);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
