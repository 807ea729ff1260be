using System.Net;
using System.Text;
using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Storage;

/// <summary>
/// The AWS CLI v1 (`aws s3` and `aws s3api`) against a real server. Each CLI start costs about a
/// second, so state the CLI is not being tested on is set up and checked with signed HTTP requests.
/// </summary>
public sealed class AwsCliTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>, IDisposable
{
    private const int MiB = 1024 * 1024;
    private static readonly HttpClient Anonymous = new();
    private readonly AwsCli _aws = new(fixture.Endpoint);
    private readonly S3Http _s3 = new(fixture.Endpoint);
    private readonly TempFolder _files = new();

    public void Dispose()
    {
        _s3.Dispose();
        _files.Dispose();
    }

    // ---- aws s3 ----

    [Fact]
    public async Task S3Commands_MbCpLsMvRmRb_ObjectMovesThroughItsLife()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-life");
        var local = _files.WriteText("hello.txt", "hello from the cli\n");

        await _aws.RunOkAsync("s3", "mb", $"s3://{bucket}");
        await _aws.RunOkAsync("s3", "cp", local, $"s3://{bucket}/docs/hello.txt", "--only-show-errors");
        var listing = await _aws.RunOkAsync("s3", "ls", $"s3://{bucket}/docs/");
        Assert.Contains("hello.txt", listing);
        Assert.Contains("19", listing);

        await _aws.RunOkAsync("s3", "mv", $"s3://{bucket}/docs/hello.txt", $"s3://{bucket}/archive/hello.txt", "--only-show-errors");
        Assert.Equal(["archive/hello.txt"], await _s3.ListKeysAsync(bucket));

        await _aws.RunOkAsync("s3", "cp", $"s3://{bucket}/archive/hello.txt", _files["back.txt"], "--only-show-errors");
        Assert.Equal("hello from the cli\n", await File.ReadAllTextAsync(_files["back.txt"]));

        await _aws.RunOkAsync("s3", "rm", $"s3://{bucket}/archive/hello.txt", "--only-show-errors");
        Assert.Empty(await _s3.ListKeysAsync(bucket));
        await _aws.RunOkAsync("s3", "rb", $"s3://{bucket}");
        using var head = await _s3.SendAsync(HttpMethod.Head, bucket);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task S3Sync_FolderUpAndBack_SameTreeAndSecondSyncCopiesNothing()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-sync");
        await _s3.CreateBucketAsync(bucket);
        _files.WriteText("up/a.txt", "alpha");
        _files.WriteRandom("up/sub/b.bin", 100 * 1024);
        _files.WriteText("up/sub/deeper/c.txt", "gamma");
        _files.WriteText("up/with space + plus.txt", "spaces");
        _files.WriteText("up/ünïcødé/ñ.txt", "unicode");

        await _aws.RunOkAsync("s3", "sync", _files["up"], $"s3://{bucket}/tree", "--only-show-errors");
        var second = await _aws.RunOkAsync("s3", "sync", _files["up"], $"s3://{bucket}/tree", "--no-progress");
        Assert.Equal("", second.Trim());
        await _aws.RunOkAsync("s3", "sync", $"s3://{bucket}/tree", _files["down"], "--only-show-errors");

        Assert.Equal(TempFolder.Tree(_files["up"]), TempFolder.Tree(_files["down"]));
        Assert.Contains("tree/ünïcødé/ñ.txt", await _s3.ListKeysAsync(bucket));
    }

    [Fact]
    public async Task S3Presign_GetUrl_HttpClientFetchesTheContent()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-presign");
        await _s3.CreateBucketAsync(bucket);
        await _s3.PutObjectAsync(bucket, "dir/a b+c.txt", Encoding.UTF8.GetBytes("presigned content"));

        var url = (await _aws.RunOkAsync("s3", "presign", $"s3://{bucket}/dir/a b+c.txt", "--expires-in", "300")).Trim();

        using var response = await Anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("presigned content", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task S3Cp_100MiBFile_UploadsMultipartAndDownloadsIdentical()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-big");
        await _s3.CreateBucketAsync(bucket);
        var local = _files.WriteRandom("big.bin", 100 * MiB, seed: 100);

        await _aws.RunOkAsync("s3", "cp", local, $"s3://{bucket}/big.bin", "--only-show-errors");
        using (var head = await _s3.SendAsync(HttpMethod.Head, bucket, "big.bin"))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(100 * MiB, head.Content.Headers.ContentLength);
            // The CLI's multipart threshold and part size are 8 MiB: 13 parts.
            Assert.EndsWith("-13\"", head.Headers.ETag!.Tag);
        }
        await _aws.RunOkAsync("s3", "cp", $"s3://{bucket}/big.bin", _files["big.down"], "--only-show-errors");

        Assert.Equal(TempFolder.Sha256(local), TempFolder.Sha256(_files["big.down"]));
    }

    [Fact]
    public async Task S3CpRecursive_FolderWithEmptyFiles_EveryFileUploaded()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-empties");
        await _s3.CreateBucketAsync(bucket);
        _files.WriteText("tree/a-empty", "");
        _files.WriteText("tree/b.txt", "bravo");
        _files.WriteText("tree/photos/.keep", "");
        _files.WriteText("tree/photos/c.txt", "charlie");
        _files.WriteText("tree/photos/d-empty", "");

        // An empty upload answered without 100 Continue made the next upload on its connection wait for good. One request
        // at a time puts every upload on one connection, and without retries the read timeout makes such a wait a failure.
        var config = _files.WriteText("config", "[default]\nmax_attempts = 1\ns3 =\n  max_concurrent_requests = 1\n");
        var environment = new Dictionary<string, string?>(AwsCli.Environment) { ["AWS_CONFIG_FILE"] = config };
        var upload = await ProcessRunner.RunAsync(Tools.Aws, ["--endpoint-url", fixture.Endpoint, "s3", "cp", "--recursive",
            _files["tree"], $"s3://{bucket}/tree", "--only-show-errors", "--cli-read-timeout", "15"], environment);
        upload.EnsureSuccess("aws s3 cp --recursive");

        Assert.Equal(
            ["tree/a-empty", "tree/b.txt", "tree/photos/.keep", "tree/photos/c.txt", "tree/photos/d-empty"],
            await _s3.ListKeysAsync(bucket));
    }

    // ---- aws s3api: buckets ----

    [Fact]
    public async Task CreateBucket_InvalidName_InvalidBucketName()
    {
        await FailsWithAsync("InvalidBucketName", "s3api", "create-bucket", "--bucket", "Not_A_Valid_Bucket");
    }

    [Fact]
    public async Task HeadBucketAndGetBucketLocation_NewBuckets_ReportTheirRegion()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-location");
        var european = SluiceServerFixture.UniqueBucket("cli-location-eu");
        await _aws.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        await _aws.RunOkAsync("s3api", "create-bucket", "--bucket", european,
            "--create-bucket-configuration", "LocationConstraint=eu-west-1");

        var head = await JsonAsync("s3api", "head-bucket", "--bucket", bucket);
        Assert.Equal("us-east-1", head.GetProperty("BucketRegion").GetString());
        // us-east-1 is the empty location constraint, which the CLI prints as null.
        var location = await JsonAsync("s3api", "get-bucket-location", "--bucket", bucket);
        Assert.Equal(JsonValueKind.Null, location.GetProperty("LocationConstraint").ValueKind);
        var europeanLocation = await JsonAsync("s3api", "get-bucket-location", "--bucket", european);
        Assert.Equal("eu-west-1", europeanLocation.GetProperty("LocationConstraint").GetString());
    }

    [Fact]
    public async Task DeleteBucket_NotEmpty_BucketNotEmptyAndBucketStays()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-notempty");
        await _s3.CreateBucketAsync(bucket);
        await _s3.PutObjectAsync(bucket, "keep.txt", "x"u8.ToArray());

        await FailsWithAsync("BucketNotEmpty", "s3api", "delete-bucket", "--bucket", bucket);

        Assert.Equal(["keep.txt"], await _s3.ListKeysAsync(bucket));
    }

    [Fact]
    public async Task DeleteBucket_OnlyUnfinishedMultipartUploads_BucketAndUploadsGone()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-rb-uploads");
        await _s3.CreateBucketAsync(bucket);
        var uploadId = await _s3.CreateMultipartUploadAsync(bucket, "interrupted.bin");
        await _s3.UploadPartAsync(bucket, "interrupted.bin", uploadId, 1, RandomBytes(1024, seed: 1));

        // As on S3: an interrupted upload does not keep an otherwise empty bucket alive.
        await _aws.RunOkAsync("s3", "rb", $"s3://{bucket}");

        using (var head = await _s3.SendAsync(HttpMethod.Head, bucket))
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        await _s3.CreateBucketAsync(bucket);
        using var parts = await _s3.SendAsync(HttpMethod.Get, bucket, "interrupted.bin", "uploadId=" + uploadId);
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchUpload"), (parts.StatusCode, await S3Http.ErrorCodeAsync(parts)));
    }

    [Fact]
    public async Task PutBucketVersioning_Enable_NotImplementedRatherThanBucketError()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-versioning");
        await _s3.CreateBucketAsync(bucket);

        await FailsWithAsync("NotImplemented", "s3api", "put-bucket-versioning", "--bucket", bucket,
            "--versioning-configuration", "Status=Enabled");
    }

    // ---- aws s3api: objects ----

    [Fact]
    public async Task PutObject_EmptyBody_StoredAsEmptyObject()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-put-empty");
        await _s3.CreateBucketAsync(bucket);
        var empty = _files.WriteText("empty", "");

        var put = await JsonAsync("s3api", "put-object", "--bucket", bucket, "--key", "photos/", "--body", empty,
            "--cli-read-timeout", "15");
        var head = await JsonAsync("s3api", "head-object", "--bucket", bucket, "--key", "photos/");

        Assert.Equal("\"d41d8cd98f00b204e9800998ecf8427e\"", put.GetProperty("ETag").GetString());
        Assert.Equal(0, head.GetProperty("ContentLength").GetInt64());
    }

    [Fact]
    public async Task PutObject_MetadataHeadersAndTagging_HeadObjectAndTaggingReturnThem()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-put");
        await _s3.CreateBucketAsync(bucket);
        var local = _files.WriteText("note.md", "# note");

        var put = await JsonAsync("s3api", "put-object", "--bucket", bucket, "--key", "notes/note.md", "--body", local,
            "--metadata", "color=blue,owner=ops", "--content-type", "text/markdown", "--cache-control", "max-age=60",
            "--content-disposition", "attachment; filename=\"note.md\"", "--tagging", "team=storage&stage=test one");
        var head = await JsonAsync("s3api", "head-object", "--bucket", bucket, "--key", "notes/note.md");
        var tagging = await JsonAsync("s3api", "get-object-tagging", "--bucket", bucket, "--key", "notes/note.md");

        Assert.Equal(put.GetProperty("ETag").GetString(), head.GetProperty("ETag").GetString());
        Assert.Equal(6, head.GetProperty("ContentLength").GetInt64());
        Assert.Equal("text/markdown", head.GetProperty("ContentType").GetString());
        Assert.Equal("max-age=60", head.GetProperty("CacheControl").GetString());
        Assert.Equal("attachment; filename=\"note.md\"", head.GetProperty("ContentDisposition").GetString());
        Assert.Equal("blue", head.GetProperty("Metadata").GetProperty("color").GetString());
        Assert.Equal("ops", head.GetProperty("Metadata").GetProperty("owner").GetString());
        Assert.Equal(
            [("stage", "test one"), ("team", "storage")],
            Tags(tagging).OrderBy(tag => tag.Key).ToList());
    }

    [Fact]
    public async Task PutObject_ManySmallMetadataEntries_AllStoredButOver2KBRefused()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-meta");
        await _s3.CreateBucketAsync(bucket);
        var local = _files.WriteText("m.txt", "m");
        // 300 entries but under 2 KB: S3 limits the metadata's size, not the number of headers.
        var many = string.Join(',', Enumerable.Range(0, 300).Select(i => $"k{i}=v"));

        await _aws.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "many", "--body", local, "--metadata", many);
        await FailsWithAsync("MetadataTooLarge", "s3api", "put-object", "--bucket", bucket, "--key", "large", "--body", local,
            "--metadata", "big=" + new string('x', 2100));

        using var head = await _s3.SendAsync(HttpMethod.Head, bucket, "many");
        Assert.Equal(300, head.Headers.Count(header => header.Key.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(HttpStatusCode.NotFound, await _s3.HeadObjectStatusAsync(bucket, "large"));
    }

    [Fact]
    public async Task GetObject_Range_PartialContentWithRequestedBytes()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-range");
        await _s3.CreateBucketAsync(bucket);
        var content = Enumerable.Range(0, 1000).Select(i => (byte)(i % 251)).ToArray();
        await _s3.PutObjectAsync(bucket, "digits.bin", content);

        var get = await JsonAsync("s3api", "get-object", "--bucket", bucket, "--key", "digits.bin",
            "--range", "bytes=100-199", _files["part.bin"]);

        Assert.Equal("bytes 100-199/1000", get.GetProperty("ContentRange").GetString());
        Assert.Equal(100, get.GetProperty("ContentLength").GetInt64());
        Assert.Equal(content[100..200], await File.ReadAllBytesAsync(_files["part.bin"]));
        using var raw = await _s3.SendAsync(HttpMethod.Get, bucket, "digits.bin", configure: r => r.Headers.Range = new(100, 199));
        Assert.Equal(HttpStatusCode.PartialContent, raw.StatusCode);
    }

    [Fact]
    public async Task GetObject_ConditionalHeaders_ServeOr304Or412()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-conditional");
        await _s3.CreateBucketAsync(bucket);
        var etag = await _s3.PutObjectAsync(bucket, "c.txt", "conditional"u8.ToArray());
        var lastModified = DateTimeOffset.UtcNow;
        string[] get = ["s3api", "get-object", "--bucket", bucket, "--key", "c.txt"];

        await _aws.RunOkAsync([.. get, "--if-match", etag, _files["1"]]);
        await FailsWithAsync("PreconditionFailed", [.. get, "--if-match", "\"0123456789abcdef0123456789abcdef\"", _files["2"]]);
        await FailsWithAsync("304", [.. get, "--if-none-match", etag, _files["3"]]);
        await FailsWithAsync("304", [.. get, "--if-modified-since", lastModified.AddHours(1).ToString("O"), _files["4"]]);
        await _aws.RunOkAsync([.. get, "--if-modified-since", lastModified.AddDays(-1).ToString("O"), _files["5"]]);
        await FailsWithAsync("PreconditionFailed", [.. get, "--if-unmodified-since", lastModified.AddDays(-1).ToString("O"), _files["6"]]);
        Assert.Equal("conditional", await File.ReadAllTextAsync(_files["5"]));
    }

    [Fact]
    public async Task GetObject_VersionIdNullOrOther_NullServedOtherInvalidArgument()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-versionid");
        await _s3.CreateBucketAsync(bucket);
        await _s3.PutObjectAsync(bucket, "v.txt", "only version"u8.ToArray());

        await _aws.RunOkAsync("s3api", "get-object", "--bucket", bucket, "--key", "v.txt", "--version-id", "null", _files["v.txt"]);
        await FailsWithAsync("InvalidArgument", "s3api", "get-object", "--bucket", bucket, "--key", "v.txt",
            "--version-id", "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd", _files["other.txt"]);

        Assert.Equal("only version", await File.ReadAllTextAsync(_files["v.txt"]));
    }

    [Fact]
    public async Task GetObject_ResponseContentTypeOverride_ReturnsRequestedHeaders()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-override");
        await _s3.CreateBucketAsync(bucket);
        await _s3.PutObjectAsync(bucket, "data.bin", "{}"u8.ToArray(), "application/octet-stream");

        var get = await JsonAsync("s3api", "get-object", "--bucket", bucket, "--key", "data.bin",
            "--response-content-type", "application/json", "--response-content-disposition", "inline", _files["data.json"]);

        Assert.Equal("application/json", get.GetProperty("ContentType").GetString());
        Assert.Equal("inline", get.GetProperty("ContentDisposition").GetString());
    }

    [Fact]
    public async Task GetObject_NonAsciiContentDisposition_StoredAndOverriddenReadable()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-disposition");
        await _s3.CreateBucketAsync(bucket);
        var local = _files.WriteText("report.txt", "report");

        await _aws.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "report.txt", "--body", local,
            "--content-disposition", "attachment; filename=\"Bericht für März.txt\"");
        await _aws.RunOkAsync("s3api", "get-object", "--bucket", bucket, "--key", "report.txt",
            "--response-content-disposition", "inline; filename=\"報告.txt\"", _files["inline.txt"]);

        using var head = await _s3.SendAsync(HttpMethod.Head, bucket, "report.txt");
        Assert.Equal("attachment; filename=\"Bericht für März.txt\"", head.Content.Headers.GetValues("Content-Disposition").Single());
        using var overridden = await _s3.SendAsync(HttpMethod.Get, bucket, "report.txt",
            "response-content-disposition=" + SigV4.Encode("inline; filename=\"報告.txt\""));
        Assert.Equal("inline; filename=\"報告.txt\"", overridden.Content.Headers.GetValues("Content-Disposition").Single());
        using var injected = await _s3.SendAsync(HttpMethod.Get, bucket, "report.txt",
            "response-content-type=" + SigV4.Encode("text/plain\r\nX-Injected: yes"));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), (injected.StatusCode, await S3Http.ErrorCodeAsync(injected)));
    }

    [Fact]
    public async Task CopyObject_CopyAndReplaceDirectives_MetadataCopiedOrReplaced()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-copy");
        await _s3.CreateBucketAsync(bucket);
        await PutWithMetadataAsync(bucket, "source.txt", "copy me", "text/plain", ("origin", "source"));

        await _aws.RunOkAsync("s3api", "copy-object", "--bucket", bucket, "--key", "copied.txt",
            "--copy-source", $"{bucket}/source.txt");
        await _aws.RunOkAsync("s3api", "copy-object", "--bucket", bucket, "--key", "replaced.csv",
            "--copy-source", $"{bucket}/source.txt", "--metadata-directive", "REPLACE",
            "--content-type", "text/csv", "--metadata", "origin=replaced");

        using var copied = await _s3.SendAsync(HttpMethod.Get, bucket, "copied.txt");
        Assert.Equal("copy me", await copied.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", copied.Content.Headers.ContentType!.MediaType);
        Assert.Equal("source", copied.Headers.GetValues("x-amz-meta-origin").Single());
        using var replaced = await _s3.SendAsync(HttpMethod.Get, bucket, "replaced.csv");
        Assert.Equal("copy me", await replaced.Content.ReadAsStringAsync());
        Assert.Equal("text/csv", replaced.Content.Headers.ContentType!.MediaType);
        Assert.Equal("replaced", replaced.Headers.GetValues("x-amz-meta-origin").Single());
    }

    [Fact]
    public async Task CopyObject_OntoItselfWithoutReplace_InvalidRequestButReplaceWorks()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-selfcopy");
        await _s3.CreateBucketAsync(bucket);
        await _s3.PutObjectAsync(bucket, "self.txt", "self"u8.ToArray(), "text/plain");

        await FailsWithAsync("InvalidRequest", "s3api", "copy-object", "--bucket", bucket, "--key", "self.txt",
            "--copy-source", $"{bucket}/self.txt");
        await _aws.RunOkAsync("s3api", "copy-object", "--bucket", bucket, "--key", "self.txt",
            "--copy-source", $"{bucket}/self.txt", "--metadata-directive", "REPLACE", "--content-type", "text/html");

        using var head = await _s3.SendAsync(HttpMethod.Head, bucket, "self.txt");
        Assert.Equal("text/html", head.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task CopyObject_CopySourceIfMatchFails_PreconditionFailedAndNothingWritten()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-copyif");
        await _s3.CreateBucketAsync(bucket);
        await _s3.PutObjectAsync(bucket, "source.txt", "source"u8.ToArray());

        await FailsWithAsync("PreconditionFailed", "s3api", "copy-object", "--bucket", bucket, "--key", "target.txt",
            "--copy-source", $"{bucket}/source.txt", "--copy-source-if-match", "\"0123456789abcdef0123456789abcdef\"");

        Assert.Equal(HttpStatusCode.NotFound, await _s3.HeadObjectStatusAsync(bucket, "target.txt"));
    }

    [Fact]
    public async Task HeadObject_MissingKey_NotFound()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-head");
        await _s3.CreateBucketAsync(bucket);

        await FailsWithAsync("404", "s3api", "head-object", "--bucket", bucket, "--key", "missing.txt");
    }

    // ---- aws s3api: listing ----

    [Fact]
    public async Task ListObjectsV2_PrefixAndDelimiter_KeysAndCommonPrefixes()
    {
        var bucket = await BucketWithKeysAsync("cli-delim", "photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg",
            "photos/cover.jpg", "photos-old/x.jpg", "readme.txt");

        var list = await JsonAsync("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "photos/", "--delimiter", "/", "--no-paginate");

        Assert.Equal(["photos/cover.jpg"], Keys(list));
        Assert.Equal(["photos/2024/", "photos/2025/"],
            list.GetProperty("CommonPrefixes").EnumerateArray().Select(p => p.GetProperty("Prefix").GetString()!).ToList());
        Assert.Equal(3, list.GetProperty("KeyCount").GetInt32());
    }

    [Fact]
    public async Task ListObjectsV2_MaxKeysWithContinuationToken_PagesThroughEveryKeyOnce()
    {
        var names = Enumerable.Range(0, 25).Select(i => $"k/{i:D2}").ToArray();
        var bucket = await BucketWithKeysAsync("cli-page2", names);

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            string[] args = ["s3api", "list-objects-v2", "--bucket", bucket, "--max-keys", "10", "--no-paginate"];
            var page = await JsonAsync(token is null ? args : [.. args, "--continuation-token", token]);
            pages++;
            seen.AddRange(Keys(page));
            token = page.GetProperty("IsTruncated").GetBoolean() ? page.GetProperty("NextContinuationToken").GetString() : null;
        } while (token is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(names, seen);
    }

    [Fact]
    public async Task ListObjects_MaxKeysWithMarker_PagesThroughEveryKeyOnce()
    {
        var names = Enumerable.Range(0, 25).Select(i => $"v1-{i:D2}").ToArray();
        var bucket = await BucketWithKeysAsync("cli-page1", names);

        var seen = new List<string>();
        var pages = 0;
        string? marker = null;
        do
        {
            string[] args = ["s3api", "list-objects", "--bucket", bucket, "--max-keys", "10", "--no-paginate"];
            var page = await JsonAsync(marker is null ? args : [.. args, "--marker", marker]);
            pages++;
            var keys = Keys(page);
            seen.AddRange(keys);
            marker = page.GetProperty("IsTruncated").GetBoolean() ? keys[^1] : null;
        } while (marker is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(names, seen);
    }

    [Fact]
    public async Task ListObjectsV2_StartAfter_OnlyLaterKeys()
    {
        var bucket = await BucketWithKeysAsync("cli-startafter", "a", "b", "c", "d");

        var list = await JsonAsync("s3api", "list-objects-v2", "--bucket", bucket, "--start-after", "b");

        Assert.Equal(["c", "d"], Keys(list));
    }

    [Fact]
    public async Task ListObjectsV2_KeysWithSpacesUnicodeAndPlus_ExactThroughUrlEncoding()
    {
        string[] names = ["dir/a b+c.txt", "dir/ünïcødé €.txt", "dir/plus+plus", "dir/tab\tand%percent"];
        var bucket = await BucketWithKeysAsync("cli-encoding", names);

        // The CLI asks for encoding-type=url by itself and decodes the answer.
        var decoded = await JsonAsync("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "dir/");
        // Asked for explicitly, the CLI leaves the keys as the server encoded them.
        var encoded = await JsonAsync("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "dir/a b", "--encoding-type", "url", "--no-paginate");

        Assert.Equal(names.Order(StringComparer.Ordinal), Keys(decoded));
        Assert.Equal(["dir/a%20b%2Bc.txt"], Keys(encoded));
        Assert.Equal("url", encoded.GetProperty("EncodingType").GetString());
        Assert.Equal("dir/a%20b", encoded.GetProperty("Prefix").GetString());
        using var get = await _s3.SendAsync(HttpMethod.Get, bucket, "dir/ünïcødé €.txt");
        Assert.Equal("dir/ünïcødé €.txt", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ListObjectVersions_UnversionedBucket_EveryVersionIsNull()
    {
        var bucket = await BucketWithKeysAsync("cli-versions", "one", "two");

        var versions = await JsonAsync("s3api", "list-object-versions", "--bucket", bucket);

        var listed = versions.GetProperty("Versions").EnumerateArray().ToList();
        Assert.Equal(["one", "two"], listed.Select(v => v.GetProperty("Key").GetString()!).ToList());
        Assert.All(listed, v =>
        {
            Assert.Equal("null", v.GetProperty("VersionId").GetString());
            Assert.True(v.GetProperty("IsLatest").GetBoolean());
        });
    }

    // ---- aws s3api: deletes and tagging ----

    [Fact]
    public async Task DeleteObject_ExistingAndMissingKey_BothSucceed()
    {
        var bucket = await BucketWithKeysAsync("cli-delete", "gone.txt");

        await _aws.RunOkAsync("s3api", "delete-object", "--bucket", bucket, "--key", "gone.txt");
        await _aws.RunOkAsync("s3api", "delete-object", "--bucket", bucket, "--key", "never-was.txt");

        Assert.Empty(await _s3.ListKeysAsync(bucket));
    }

    [Fact]
    public async Task DeleteObjects_KeysIncludingVersionIdNull_AllReportedDeleted()
    {
        var bucket = await BucketWithKeysAsync("cli-deletes", "a.txt", "b.txt", "keep.txt");

        var result = await JsonAsync("s3api", "delete-objects", "--bucket", bucket, "--delete",
            """{"Objects":[{"Key":"a.txt"},{"Key":"b.txt","VersionId":"null"},{"Key":"missing.txt"}],"Quiet":false}""");

        Assert.Equal(["a.txt", "b.txt", "missing.txt"],
            result.GetProperty("Deleted").EnumerateArray().Select(d => d.GetProperty("Key").GetString()!).Order().ToList());
        Assert.False(result.TryGetProperty("Errors", out _));
        Assert.Equal(["keep.txt"], await _s3.ListKeysAsync(bucket));
    }

    [Fact]
    public async Task ObjectTagging_PutGetDelete_RoundTrips()
    {
        var bucket = await BucketWithKeysAsync("cli-tagging", "tagged.txt");
        string[] key = ["--bucket", bucket, "--key", "tagged.txt"];

        await _aws.RunOkAsync(["s3api", "put-object-tagging", .. key, "--tagging", "TagSet=[{Key=env,Value=prod},{Key=owner,Value=a b}]"]);
        var tagged = await JsonAsync(["s3api", "get-object-tagging", .. key]);
        await _aws.RunOkAsync(["s3api", "delete-object-tagging", .. key]);
        var cleared = await JsonAsync(["s3api", "get-object-tagging", .. key]);

        Assert.Equal([("env", "prod"), ("owner", "a b")], Tags(tagged).OrderBy(tag => tag.Key).ToList());
        Assert.Empty(Tags(cleared));
    }

    // ---- aws s3api: CORS ----

    [Fact]
    public async Task BucketCors_PutGetDeleteWithPreflight_OnlyConfiguredOriginAllowed()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-cors");
        await _s3.CreateBucketAsync(bucket);

        await _aws.RunOkAsync("s3api", "put-bucket-cors", "--bucket", bucket, "--cors-configuration",
            """{"CORSRules":[{"AllowedOrigins":["https://app.example"],"AllowedMethods":["GET","PUT"],"AllowedHeaders":["*"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":300}]}""");
        var cors = await JsonAsync("s3api", "get-bucket-cors", "--bucket", bucket);
        var rule = cors.GetProperty("CORSRules")[0];
        Assert.Equal(["GET", "PUT"], rule.GetProperty("AllowedMethods").EnumerateArray().Select(m => m.GetString()!).ToList());
        Assert.Equal(300, rule.GetProperty("MaxAgeSeconds").GetInt32());

        using (var allowed = await PreflightAsync(bucket, "https://app.example", "PUT"))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("PUT", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single());
        }
        using (var otherOrigin = await PreflightAsync(bucket, "https://evil.example", "PUT"))
            Assert.Equal(HttpStatusCode.Forbidden, otherOrigin.StatusCode);
        using (var otherMethod = await PreflightAsync(bucket, "https://app.example", "DELETE"))
            Assert.Equal(HttpStatusCode.Forbidden, otherMethod.StatusCode);

        await _aws.RunOkAsync("s3api", "delete-bucket-cors", "--bucket", bucket);
        await FailsWithAsync("NoSuchCORSConfiguration", "s3api", "get-bucket-cors", "--bucket", bucket);
        using var afterDelete = await PreflightAsync(bucket, "https://app.example", "PUT");
        Assert.Equal(HttpStatusCode.Forbidden, afterDelete.StatusCode);
    }

    // ---- aws s3api: multipart by hand ----

    [Fact]
    public async Task MultipartUpload_ByHandWithPartCopy_CompletesWithPartCountETag()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-multipart");
        await _s3.CreateBucketAsync(bucket);
        var source = RandomBytes(6 * MiB, seed: 7);
        await _s3.PutObjectAsync(bucket, "source.bin", source);
        var part1 = _files.WriteRandom("part1.bin", 5 * MiB, seed: 8);
        var part3 = _files.WriteText("part3.txt", "the small last part");
        string[] target = ["--bucket", bucket, "--key", "assembled.bin"];

        var uploadId = (await JsonAsync(["s3api", "create-multipart-upload", .. target, "--content-type", "application/x-test"]))
            .GetProperty("UploadId").GetString()!;
        string[] upload = [.. target, "--upload-id", uploadId];
        var etag1 = (await JsonAsync(["s3api", "upload-part", .. upload, "--part-number", "1", "--body", part1])).GetProperty("ETag").GetString();
        var etag2 = (await JsonAsync(["s3api", "upload-part-copy", .. upload, "--part-number", "2",
            "--copy-source", $"{bucket}/source.bin", "--copy-source-range", $"bytes={MiB}-{6 * MiB - 1}"]))
            .GetProperty("CopyPartResult").GetProperty("ETag").GetString();
        var etag3 = (await JsonAsync(["s3api", "upload-part", .. upload, "--part-number", "3", "--body", part3])).GetProperty("ETag").GetString();

        var parts = await JsonAsync(["s3api", "list-parts", .. upload]);
        Assert.Equal([5L * MiB, 5L * MiB, 19L], parts.GetProperty("Parts").EnumerateArray().Select(p => p.GetProperty("Size").GetInt64()).ToList());
        var uploads = await JsonAsync("s3api", "list-multipart-uploads", "--bucket", bucket);
        Assert.Contains(uploadId, uploads.GetProperty("Uploads").EnumerateArray().Select(u => u.GetProperty("UploadId").GetString()));

        var completed = await JsonAsync(["s3api", "complete-multipart-upload", .. upload, "--multipart-upload",
            $$"""{"Parts":[{"PartNumber":1,"ETag":{{JsonSerializer.Serialize(etag1)}}},{"PartNumber":2,"ETag":{{JsonSerializer.Serialize(etag2)}}},{"PartNumber":3,"ETag":{{JsonSerializer.Serialize(etag3)}}}]}"""]);

        Assert.EndsWith("-3\"", completed.GetProperty("ETag").GetString());
        var expected = (await File.ReadAllBytesAsync(part1)).Concat(source[MiB..]).Concat(Encoding.UTF8.GetBytes("the small last part")).ToArray();
        Assert.Equal(expected, await _s3.GetObjectAsync(bucket, "assembled.bin"));
        using var head = await _s3.SendAsync(HttpMethod.Head, bucket, "assembled.bin");
        Assert.Equal("application/x-test", head.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ListMultipartUploads_OnePerPage_EveryUploadListedOnce()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-uploads");
        await _s3.CreateBucketAsync(bucket);
        var started = new List<(string Key, string UploadId)>();
        foreach (var key in new[] { "same", "other", "same", "same", "zeta" })
            started.Add((key, await _s3.CreateMultipartUploadAsync(bucket, key)));

        // The CLI pages with NextKeyMarker and NextUploadIdMarker; several uploads of one key straddle pages.
        var uploads = await JsonAsync("s3api", "list-multipart-uploads", "--bucket", bucket, "--page-size", "1");

        var listed = uploads.GetProperty("Uploads").EnumerateArray()
            .Select(u => (u.GetProperty("Key").GetString()!, u.GetProperty("UploadId").GetString()!)).ToList();
        Assert.Equal(started.OrderBy(u => u.Key, StringComparer.Ordinal).ThenBy(u => u.UploadId, StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task AbortMultipartUpload_ThenListParts_NoSuchUpload()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-abort");
        await _s3.CreateBucketAsync(bucket);
        var uploadId = await _s3.CreateMultipartUploadAsync(bucket, "aborted.bin");
        await _s3.UploadPartAsync(bucket, "aborted.bin", uploadId, 1, "part"u8.ToArray());
        string[] upload = ["--bucket", bucket, "--key", "aborted.bin", "--upload-id", uploadId];

        await _aws.RunOkAsync(["s3api", "abort-multipart-upload", .. upload]);

        await FailsWithAsync("NoSuchUpload", ["s3api", "list-parts", .. upload]);
        Assert.Equal(HttpStatusCode.NotFound, await _s3.HeadObjectStatusAsync(bucket, "aborted.bin"));
    }

    [Fact]
    public async Task CompleteMultipartUpload_SmallNonLastPart_EntityTooSmall()
    {
        var (bucket, upload, etags) = await UploadWithPartsAsync("cli-toosmall", [1024, 1024]);

        await FailsWithAsync("EntityTooSmall", ["s3api", "complete-multipart-upload", .. upload, "--multipart-upload", PartsJson((1, etags[0]), (2, etags[1]))]);

        Assert.Equal(HttpStatusCode.NotFound, await _s3.HeadObjectStatusAsync(bucket, "mp.bin"));
    }

    [Fact]
    public async Task CompleteMultipartUpload_WrongETag_InvalidPart()
    {
        var (bucket, upload, _) = await UploadWithPartsAsync("cli-wrongetag", [1024]);

        await FailsWithAsync("InvalidPart", ["s3api", "complete-multipart-upload", .. upload, "--multipart-upload",
            PartsJson((1, "\"0123456789abcdef0123456789abcdef\""))]);

        Assert.Equal(HttpStatusCode.NotFound, await _s3.HeadObjectStatusAsync(bucket, "mp.bin"));
    }

    [Fact]
    public async Task CompleteMultipartUpload_PartsOutOfOrder_InvalidPartOrder()
    {
        var (bucket, upload, etags) = await UploadWithPartsAsync("cli-order", [5 * MiB, 1024]);

        await FailsWithAsync("InvalidPartOrder", ["s3api", "complete-multipart-upload", .. upload, "--multipart-upload",
            PartsJson((2, etags[1]), (1, etags[0]))]);

        Assert.Equal(HttpStatusCode.NotFound, await _s3.HeadObjectStatusAsync(bucket, "mp.bin"));
    }

    // ---- helpers ----

    private async Task<JsonElement> JsonAsync(params string[] arguments)
    {
        var stdout = await _aws.RunOkAsync(arguments);
        return stdout.Trim().Length == 0 ? default : JsonDocument.Parse(stdout).RootElement;
    }

    /// <summary>Runs the CLI expecting it to fail with <paramref name="code"/>, which botocore prints as "(Code)".</summary>
    private async Task FailsWithAsync(string code, params string[] arguments)
    {
        var result = await _aws.RunAsync(arguments);
        Assert.True(result.ExitCode != 0, $"aws {string.Join(' ', arguments)} succeeded; expected {code}\n{result.Stdout}");
        Assert.Contains($"({code})", result.Stderr);
    }

    private async Task<string> BucketWithKeysAsync(string purpose, params string[] keys)
    {
        var bucket = SluiceServerFixture.UniqueBucket(purpose);
        await _s3.CreateBucketAsync(bucket);
        await Task.WhenAll(keys.Select(key => _s3.PutObjectAsync(bucket, key, Encoding.UTF8.GetBytes(key))));
        return bucket;
    }

    private async Task<(string Bucket, string[] UploadArguments, string[] ETags)> UploadWithPartsAsync(string purpose, int[] partSizes)
    {
        var bucket = SluiceServerFixture.UniqueBucket(purpose);
        await _s3.CreateBucketAsync(bucket);
        var uploadId = await _s3.CreateMultipartUploadAsync(bucket, "mp.bin");
        var etags = new string[partSizes.Length];
        for (var i = 0; i < partSizes.Length; i++)
            etags[i] = await _s3.UploadPartAsync(bucket, "mp.bin", uploadId, i + 1, RandomBytes(partSizes[i], seed: i));
        return (bucket, ["--bucket", bucket, "--key", "mp.bin", "--upload-id", uploadId], etags);
    }

    private static string PartsJson(params (int Number, string ETag)[] parts) =>
        JsonSerializer.Serialize(new { Parts = parts.Select(p => new { PartNumber = p.Number, p.ETag }) });

    private async Task PutWithMetadataAsync(string bucket, string key, string body, string contentType, params (string Name, string Value)[] metadata)
    {
        var content = new StringContent(body);
        content.Headers.ContentType = new(contentType);
        using var response = await _s3.SendAsync(HttpMethod.Put, bucket, key, content: content, configure: request =>
        {
            foreach (var (name, value) in metadata) request.Headers.Add("x-amz-meta-" + name, value);
        });
        await S3Http.EnsureAsync(response, "PutObject with metadata");
    }

    private async Task<HttpResponseMessage> PreflightAsync(string bucket, string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, $"{fixture.Endpoint}/{bucket}/upload.txt");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-amz-meta-origin");
        return await Anonymous.SendAsync(request);
    }

    private static List<string> Keys(JsonElement list) =>
        list.TryGetProperty("Contents", out var contents)
            ? contents.EnumerateArray().Select(c => c.GetProperty("Key").GetString()!).ToList()
            : [];

    private static List<(string Key, string Value)> Tags(JsonElement tagging) =>
        tagging.GetProperty("TagSet").EnumerateArray()
            .Select(tag => (tag.GetProperty("Key").GetString()!, tag.GetProperty("Value").GetString()!)).ToList();

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
