using System.Net;
using System.Security.Cryptography;
using System.Text;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Storage;

/// <summary>Requests no well-behaved client sends: hostile keys, bad XML, wrong digests, bodies cut short.</summary>
public sealed class BadInputTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>, IDisposable
{
    private readonly S3Http _s3 = new(fixture.Endpoint);

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task PutObject_DotDotKey_StoredAsPlainKeyAndNothingWrittenOutsideData()
    {
        var bucket = SluiceServerFixture.UniqueBucket("raw-dotdot");
        await _s3.CreateBucketAsync(bucket);
        var marker = "sluice-escape-" + Guid.NewGuid().ToString("N");
        var key = $"../../{marker}/passwd";

        // Dot segments as sent literally (HttpClient would remove them) and percent-encoded.
        var literal = await RawHttp.SendAsync(fixture.Endpoint, "PUT", $"/{bucket}/{key}", "literal"u8.ToArray());
        var encoded = await RawHttp.SendAsync(fixture.Endpoint, "GET", $"/{bucket}/%2E%2E/%2E%2E/{marker}/passwd");
        var viaEncodedSlash = await RawHttp.SendAsync(fixture.Endpoint, "GET", $"/{bucket}/..%2F..%2F{marker}%2Fpasswd");

        Assert.Equal(200, literal.StatusCode);
        Assert.Equal((200, "literal"), (encoded.StatusCode, encoded.Body));
        Assert.Equal((200, "literal"), (viaEncodedSlash.StatusCode, viaEncodedSlash.Body));
        Assert.Equal([key], await _s3.ListKeysAsync(bucket));
        var data = fixture.Server.DataPath;
        // Where "../../x" would land from the data folder, a blob shard folder, or the server's working folder.
        var cwd = Environment.CurrentDirectory;
        foreach (var folder in new[] { data, Path.GetDirectoryName(data)!, Path.GetDirectoryName(Path.GetDirectoryName(data)!)!, cwd, Path.GetDirectoryName(cwd)! })
            Assert.False(Path.Exists(Path.Combine(folder, marker)), $"{marker} was created in {folder}");
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories),
            entry => entry.Contains(marker, StringComparison.Ordinal) || entry.EndsWith("passwd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PutObject_KeyOver1024Bytes_KeyTooLongError()
    {
        var bucket = SluiceServerFixture.UniqueBucket("raw-longkey");
        await _s3.CreateBucketAsync(bucket);

        using var atLimit = await PutAsync(bucket, new string('k', 1024));
        using var overLimit = await PutAsync(bucket, new string('k', 1025));
        // 342 characters, but 1026 bytes in UTF-8: the limit is in bytes.
        using var overLimitInBytes = await PutAsync(bucket, new string('€', 342));

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "KeyTooLongError"), (overLimit.StatusCode, await S3Http.ErrorCodeAsync(overLimit)));
        Assert.Equal((HttpStatusCode.BadRequest, "KeyTooLongError"), (overLimitInBytes.StatusCode, await S3Http.ErrorCodeAsync(overLimitInBytes)));
        Assert.Equal([new string('k', 1024)], await _s3.ListKeysAsync(bucket));
    }

    [Theory]
    [InlineData("<Delete><Object><Key>a.txt</Key></Object>")]
    [InlineData("not xml at all")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE Delete [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]><Delete><Object><Key>&xxe;</Key></Object><Object><Key>a.txt</Key></Object></Delete>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE Delete [<!ENTITY a \"a.txt\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><Delete><Object><Key>&a;</Key></Object></Delete>")]
    public async Task DeleteObjects_MalformedOrDtdXml_MalformedXmlAndNothingDeleted(string body)
    {
        var bucket = SluiceServerFixture.UniqueBucket("raw-deletexml");
        await _s3.CreateBucketAsync(bucket);
        await _s3.PutObjectAsync(bucket, "a.txt", "a"u8.ToArray());

        using var response = await _s3.SendAsync(HttpMethod.Post, bucket, query: "delete", content: XmlContent(body));

        Assert.Equal((HttpStatusCode.BadRequest, "MalformedXML"), (response.StatusCode, await S3Http.ErrorCodeAsync(response)));
        Assert.Equal(["a.txt"], await _s3.ListKeysAsync(bucket));
    }

    [Theory]
    [InlineData("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE CORSConfiguration [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]><CORSConfiguration><CORSRule><AllowedOrigin>&xxe;</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>")]
    public async Task PutBucketCors_MalformedOrDtdXml_MalformedXmlAndRulesUnchanged(string body)
    {
        var bucket = SluiceServerFixture.UniqueBucket("raw-corsxml");
        await _s3.CreateBucketAsync(bucket);
        const string rules = "<CORSConfiguration><CORSRule><AllowedOrigin>https://app.example</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>";
        using (var put = await _s3.SendAsync(HttpMethod.Put, bucket, query: "cors", content: XmlContent(rules)))
            await S3Http.EnsureAsync(put, "PutBucketCors");

        using var response = await _s3.SendAsync(HttpMethod.Put, bucket, query: "cors", content: XmlContent(body));

        Assert.Equal((HttpStatusCode.BadRequest, "MalformedXML"), (response.StatusCode, await S3Http.ErrorCodeAsync(response)));
        using var get = await _s3.SendAsync(HttpMethod.Get, bucket, query: "cors");
        var stored = await S3Http.EnsureAsync(get, "GetBucketCors");
        Assert.Contains("<AllowedOrigin>https://app.example</AllowedOrigin>", stored);
    }

    [Fact]
    public async Task PutObject_ContentMd5Mismatch_BadDigestAndPreviousObjectKept()
    {
        var bucket = SluiceServerFixture.UniqueBucket("raw-md5");
        await _s3.CreateBucketAsync(bucket);
        await _s3.PutObjectAsync(bucket, "kept.txt", "original"u8.ToArray());

        using var mismatch = await PutWithMd5Async(bucket, "kept.txt", "replacement"u8.ToArray(), MD5.HashData("something else"u8));
        using var mismatchNew = await PutWithMd5Async(bucket, "new.bin", new byte[200 * 1024], MD5.HashData("something else"u8));
        using var matching = await PutWithMd5Async(bucket, "right.txt", "right"u8.ToArray(), MD5.HashData("right"u8));

        Assert.Equal((HttpStatusCode.BadRequest, "BadDigest"), (mismatch.StatusCode, await S3Http.ErrorCodeAsync(mismatch)));
        Assert.Equal((HttpStatusCode.BadRequest, "BadDigest"), (mismatchNew.StatusCode, await S3Http.ErrorCodeAsync(mismatchNew)));
        Assert.Equal(HttpStatusCode.OK, matching.StatusCode);
        Assert.Equal("original"u8.ToArray(), await _s3.GetObjectAsync(bucket, "kept.txt"));
        Assert.Equal(["kept.txt", "right.txt"], await _s3.ListKeysAsync(bucket));
    }

    [Fact]
    public async Task PutObject_ClientDisconnectsMidBody_NoObjectAndServerStillServes()
    {
        var bucket = SluiceServerFixture.UniqueBucket("raw-cut");
        await _s3.CreateBucketAsync(bucket);
        var body = new byte[1024 * 1024];
        new Random(3).NextBytes(body);
        var temp = Path.Combine(fixture.Server.DataPath, "tmp");
        var blobsBefore = CountBlobs();

        // More than the inline threshold arrives, so the server is streaming the body to a temp file when the
        // client goes away; the abort has been processed once that file is gone.
        await RawHttp.SendTruncatedAsync(fixture.Endpoint, "PUT", S3Http.Target(bucket, "cut.bin"), body, sent: 100 * 1024,
            beforeDisconnect: () => Poll.UntilAsync(() => Directory.EnumerateFiles(temp).Any(), TimeSpan.FromSeconds(20), "the upload's temp file to appear"));
        await Poll.UntilAsync(() => !Directory.EnumerateFiles(temp).Any(), TimeSpan.FromSeconds(20), "the cut-off upload's temp file to be removed");
        Assert.Equal(HttpStatusCode.NotFound, await _s3.HeadObjectStatusAsync(bucket, "cut.bin"));
        Assert.Equal(blobsBefore, CountBlobs());
        await _s3.PutObjectAsync(bucket, "cut.bin", body);
        Assert.Equal(body, await _s3.GetObjectAsync(bucket, "cut.bin"));
    }

    private int CountBlobs() =>
        Directory.EnumerateFiles(Path.Combine(fixture.Server.DataPath, "blobs"), "*", SearchOption.AllDirectories).Count();

    private Task<HttpResponseMessage> PutAsync(string bucket, string key) =>
        _s3.SendAsync(HttpMethod.Put, bucket, key, content: new ByteArrayContent("body"u8.ToArray()));

    private Task<HttpResponseMessage> PutWithMd5Async(string bucket, string key, byte[] body, byte[] md5)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentMD5 = md5;
        return _s3.SendAsync(HttpMethod.Put, bucket, key, content: content);
    }

    private static StringContent XmlContent(string xml) => new(xml, Encoding.UTF8, "application/xml");
}
