using System.Text;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Storage;

/// <summary>
/// <c>Expect: 100-continue</c> on the wire, as S3 answers it: <c>100 Continue</c> once the head is accepted
/// (empty bodies too), the final error without a 100 when it is not, and a connection that stays usable or
/// is closed by the server.
/// </summary>
public sealed class ExpectContinueTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>, IDisposable
{
    private static readonly Dictionary<string, string> Expect = new() { ["Expect"] = "100-continue" };
    private readonly S3Http _s3 = new(fixture.Endpoint);

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task PutObject_HeadAccepted_ContinueThenFinalStatusAfterBody()
    {
        var bucket = SluiceServerFixture.UniqueBucket("expect-body");
        await _s3.CreateBucketAsync(bucket);
        var body = "sent after the 100"u8.ToArray();
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Endpoint);

        await connection.SendHeadAsync("PUT", $"/{bucket}/after-continue.txt", body, Expect);
        var interim = await connection.ReadResponseAsync();
        await connection.SendBodyAsync(body);
        var final = await connection.ReadResponseAsync();

        Assert.Equal(100, interim.StatusCode);
        Assert.Equal(200, final.StatusCode);
        Assert.Null(final.Header("Connection"));
        Assert.Equal(body, await _s3.GetObjectAsync(bucket, "after-continue.txt"));
        await AssertStillUsableAsync(connection, bucket, "after-continue.txt", "sent after the 100");
    }

    [Fact]
    public async Task PutObject_EmptyBody_ContinueThen200AndConnectionReused()
    {
        var bucket = SluiceServerFixture.UniqueBucket("expect-empty");
        await _s3.CreateBucketAsync(bucket);
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Endpoint);

        await connection.SendHeadAsync("PUT", $"/{bucket}/photos/", [], Expect);
        var interim = await connection.ReadResponseAsync();
        var final = await connection.ReadResponseAsync();

        Assert.Equal(100, interim.StatusCode);
        Assert.Equal(200, final.StatusCode);
        Assert.Equal("\"d41d8cd98f00b204e9800998ecf8427e\"", final.Header("ETag"));
        await AssertStillUsableAsync(connection, bucket, "photos/", "");
    }

    [Fact]
    public async Task PutObject_NoSuchBucket_404WithoutContinueAndServerCloses()
    {
        var missing = SluiceServerFixture.UniqueBucket("expect-missing");

        var body = new byte[1024];

        var refused = await SendRefusedHeadAsync($"/{missing}/never.txt", body.Length, SigV4.PayloadHash(body));

        Assert.Equal(404, refused.StatusCode);
        Assert.Contains("<Code>NoSuchBucket</Code>", refused.Body);
    }

    [Fact]
    public async Task PutObject_WrongSignature_403WithoutContinueAndServerCloses()
    {
        var bucket = SluiceServerFixture.UniqueBucket("expect-forged");
        await _s3.CreateBucketAsync(bucket);
        var body = new byte[1024];
        // The payload hash is signed: sending another one after signing makes the signature not match.
        var forged = new Dictionary<string, string> { ["x-amz-content-sha256"] = SigV4.PayloadHash("another body"u8) };

        var refused = await SendRefusedHeadAsync($"/{bucket}/forged.txt", body.Length, SigV4.PayloadHash(body), forged);

        Assert.Equal(403, refused.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", refused.Body);
        Assert.Empty(await _s3.ListKeysAsync(bucket));
    }

    [Fact]
    public async Task PutObject_DeclaredLargerThan5GiB_EntityTooLargeWithoutContinueAndServerCloses()
    {
        var bucket = SluiceServerFixture.UniqueBucket("expect-large");
        await _s3.CreateBucketAsync(bucket);

        var refused = await SendRefusedHeadAsync($"/{bucket}/huge.bin", 5L * 1024 * 1024 * 1024 + 1, SigV4.UnsignedPayload);

        Assert.Equal(400, refused.StatusCode);
        Assert.Contains("<Code>EntityTooLarge</Code>", refused.Body);
    }

    [Fact]
    public async Task PutObject_EmptyBodyNoSuchBucket_404WithoutContinueAndServerCloses()
    {
        var missing = SluiceServerFixture.UniqueBucket("expect-missing-empty");

        var refused = await SendRefusedHeadAsync($"/{missing}/photos/", 0, SigV4.PayloadHash([]));

        Assert.Equal(404, refused.StatusCode);
    }

    /// <summary>
    /// Sends a head the server should refuse and, like a client that got a final answer instead of a 100,
    /// never sends the body: the answer must be the final one, say the connection closes, and the server
    /// must then close it.
    /// </summary>
    private async Task<RawHttpResponse> SendRefusedHeadAsync(string target, long contentLength, string payloadHash,
        IReadOnlyDictionary<string, string>? afterSigning = null)
    {
        await using var connection = await RawHttpConnection.OpenAsync(fixture.Endpoint);
        await connection.SendHeadAsync("PUT", target, contentLength, payloadHash, Expect, afterSigning);
        var response = await connection.ReadResponseAsync();

        Assert.NotEqual(100, response.StatusCode);
        Assert.Equal("close", response.Header("Connection"));
        connection.Shutdown();
        Assert.True(await connection.ServerClosesAsync(), "the server kept the connection open after Connection: close");
        return response;
    }

    /// <summary>A second request on the same connection gets its own, well-formed answer.</summary>
    private static async Task AssertStillUsableAsync(RawHttpConnection connection, string bucket, string key, string expectedBody)
    {
        await connection.SendHeadAsync("GET", S3Http.Target(bucket, key), []);
        var next = await connection.ReadResponseAsync();
        Assert.Equal((200, expectedBody), (next.StatusCode, next.Body));
        Assert.Equal(Encoding.UTF8.GetByteCount(expectedBody).ToString(), next.Header("Content-Length"));
    }
}
