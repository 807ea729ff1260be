using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Storage;

/// <summary>AWSSDK.S3 as users configure it for a custom endpoint: path style, default checksums.</summary>
public sealed class AwsSdkDotNetTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>, IDisposable
{
    private readonly AmazonS3Client _s3 = S3Clients.Create(fixture.Endpoint);

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task PutGetListDelete_SmallObjects_RoundTrip()
    {
        var bucket = SluiceServerFixture.UniqueBucket("sdk-basic");
        await _s3.PutBucketAsync(bucket);

        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "docs/a b+c.txt",
            ContentBody = "hello from .NET",
            ContentType = "text/plain",
            Metadata = { ["origin"] = "dotnet" },
        });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "docs/two.txt", ContentBody = "two" });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "three.txt", ContentBody = "three" });

        using (var get = await _s3.GetObjectAsync(bucket, "docs/a b+c.txt"))
        {
            using var reader = new StreamReader(get.ResponseStream);
            Assert.Equal("hello from .NET", await reader.ReadToEndAsync());
            Assert.Equal("text/plain", get.Headers.ContentType);
            Assert.Equal("dotnet", get.Metadata["origin"]);
        }
        var list = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "docs/" });
        Assert.Equal(["docs/a b+c.txt", "docs/two.txt"], list.S3Objects.Select(o => o.Key).ToList());

        await _s3.DeleteObjectAsync(bucket, "three.txt");
        var deleted = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "docs/a b+c.txt" }, new KeyVersion { Key = "docs/two.txt" }],
        });
        Assert.Equal(2, deleted.DeletedObjects.Count);
        var empty = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Empty(empty.S3Objects ?? []);
        await _s3.DeleteBucketAsync(bucket);
    }

    [Fact]
    public async Task TransferUtility_20MiBStream_UploadsMultipartAndDownloadsIdentical()
    {
        var bucket = SluiceServerFixture.UniqueBucket("sdk-transfer");
        await _s3.PutBucketAsync(bucket);
        var content = new byte[20 * 1024 * 1024];
        new Random(20).NextBytes(content);
        var transfer = new TransferUtility(_s3);

        await transfer.UploadAsync(new TransferUtilityUploadRequest
        {
            BucketName = bucket,
            Key = "big.bin",
            InputStream = new MemoryStream(content),
            PartSize = 5 * 1024 * 1024,
        });
        var metadata = await _s3.GetObjectMetadataAsync(bucket, "big.bin");
        using var download = await transfer.OpenStreamAsync(bucket, "big.bin");
        using var copy = new MemoryStream();
        await download.CopyToAsync(copy);

        Assert.Equal(content.Length, metadata.ContentLength);
        Assert.EndsWith("-4\"", metadata.ETag);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(copy.ToArray()));
    }

    [Fact]
    public async Task CopyObjectAndRangeGet_Sha256ChecksummedObject_ChecksumKeptAndBytesServed()
    {
        var bucket = SluiceServerFixture.UniqueBucket("sdk-copy");
        await _s3.PutBucketAsync(bucket);
        var content = Enumerable.Range(0, 100_000).Select(i => (byte)(i % 253)).ToArray();

        var put = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "source.bin",
            InputStream = new MemoryStream(content),
            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
        });
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "source.bin",
            DestinationBucket = bucket,
            DestinationKey = "copy of source.bin",
        });
        var metadata = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest
        {
            BucketName = bucket,
            Key = "copy of source.bin",
            ChecksumMode = ChecksumMode.ENABLED,
        });
        using var range = await _s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket,
            Key = "copy of source.bin",
            ByteRange = new ByteRange(1000, 1999),
        });
        using var slice = new MemoryStream();
        await range.ResponseStream.CopyToAsync(slice);

        Assert.Equal(Convert.ToBase64String(SHA256.HashData(content)), put.ChecksumSHA256);
        Assert.Equal(put.ChecksumSHA256, metadata.ChecksumSHA256);
        Assert.Equal(content[1000..2000], slice.ToArray());
        Assert.Equal("bytes 1000-1999/100000", range.ContentRange);
    }

    [Fact]
    public async Task ListObjectsV2_KeysWithControlCharactersAndNewlines_ListedExactly()
    {
        var bucket = SluiceServerFixture.UniqueBucket("sdk-keys");
        await _s3.PutBucketAsync(bucket);
        string[] keys = ["tab\there", "cr\rhere", "lf\nhere", "crlf\r\nhere", "ctl\u0001here", "xml<&>\"'"];
        foreach (var key in keys)
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });

        var list = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Equal(keys.Order(StringComparer.Ordinal), list.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task GetPreSignedUrl_GetAndPut_PlainHttpClientUsesThem()
    {
        var bucket = SluiceServerFixture.UniqueBucket("sdk-presign");
        await _s3.PutBucketAsync(bucket);
        var putUrl = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "up/ünï b+c.txt",
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
            ContentType = "text/plain",
        });
        var getUrl = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "up/ünï b+c.txt",
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        using var http = new HttpClient();

        // The Content-Type was signed, so it must be sent exactly so (StringContent would add a charset).
        var body = new ByteArrayContent("presigned by .NET"u8.ToArray());
        body.Headers.ContentType = new("text/plain");
        using var put = await http.PutAsync(putUrl, body);
        using var get = await http.GetAsync(getUrl);

        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        Assert.Equal("presigned by .NET", await get.Content.ReadAsStringAsync());
        Assert.Contains("X-Amz-Signature=", getUrl);
    }

    [Fact]
    public async Task GetObject_MissingKey_NoSuchKey()
    {
        var bucket = SluiceServerFixture.UniqueBucket("sdk-missing");
        await _s3.PutBucketAsync(bucket);

        var failure = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "missing.txt"));

        Assert.Equal("NoSuchKey", failure.ErrorCode);
    }
}
