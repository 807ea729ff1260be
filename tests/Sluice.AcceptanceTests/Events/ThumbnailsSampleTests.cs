using System.Buffers.Binary;
using Amazon.S3;
using Amazon.S3.Model;
using Sluice.AcceptanceTests.Functions;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Events;

/// <summary>samples/thumbnails, run as its README says: the AWS CLI, a zip with node_modules, an S3 event, a thumbnail.</summary>
[Collection(EventsCollection.Name)]
public sealed class ThumbnailsSampleTests(EventsServerFixture server)
{
    private static readonly string Sample = Path.GetFullPath(Path.Combine(
        Path.GetDirectoryName(SluiceProcess.SluiceDll)!, "..", "..", "..", "..", "..", "samples", "thumbnails"));

    [Fact]
    public async Task ThumbnailsSample_ReadmeFlow_UploadedImagesGetSmallerValidThumbnails()
    {
        Assert.True(Directory.Exists(Path.Combine(Sample, "node_modules", "jimp")),
            $"{Sample}/node_modules is missing: scripts/setup installs the sample's npm packages");
        var work = Directory.CreateTempSubdirectory("sluice-thumbnails-").FullName;
        var function = FunctionsServerFixture.UniqueName("thumbnails");
        var photos = SluiceServerFixture.UniqueBucket("photos");
        var thumbnails = SluiceServerFixture.UniqueBucket("thumbs");

        // 1. Package the handler with jimp (installed in the sample folder by scripts/setup).
        var zip = Path.Combine(work, "thumbnails.zip");
        (await ProcessRunner.RunAsync("zip", ["-qr", zip, "index.js", "package.json", "node_modules"], workingDirectory: Sample))
            .EnsureSuccess("zip the sample");
        // 2. Create the function.
        await AwsAsync("lambda", "create-function", "--function-name", function, "--runtime", "nodejs20.x", "--handler", "index.handler",
            "--role", "arn:aws:iam::000000000000:role/thumbnails", "--zip-file", "fileb://" + zip,
            "--timeout", "30", "--memory-size", "512", "--environment", $"Variables={{THUMBNAIL_BUCKET={thumbnails}}}");
        // 3. The buckets, and the sample's notification.json with this test's names.
        await AwsAsync("s3", "mb", $"s3://{photos}");
        await AwsAsync("s3", "mb", $"s3://{thumbnails}");
        var notification = Path.Combine(work, "notification.json");
        await File.WriteAllTextAsync(notification, (await File.ReadAllTextAsync(Path.Combine(Sample, "notification.json")))
            .Replace("function:thumbnails", "function:" + function, StringComparison.Ordinal));
        await AwsAsync("s3api", "put-bucket-notification-configuration", "--bucket", photos, "--notification-configuration", "file://" + notification);

        // 4. Upload pictures (made with the sample's own jimp), then download their thumbnails.
        (await ProcessRunner.RunAsync("node", ["-e", """
            const { Jimp } = require('jimp');
            (async () => {
              for (const [file, width, height] of [['cat.jpg', 640, 480], ['flower.png', 300, 500]]) {
                const image = new Jimp({ width, height, color: 0x336699ff });
                for (let x = 0; x < width; x += 3) for (let y = 0; y < height; y += 5) image.setPixelColor(((x * 7) << 24 | (y * 3) << 16 | 0xff) >>> 0, x, y);
                await image.write(process.argv[1] + '/' + file);
              }
            })();
            """, work], workingDirectory: Sample)).EnsureSuccess("make the test pictures with jimp");
        await AwsAsync("s3", "cp", Path.Combine(work, "cat.jpg"), $"s3://{photos}/uploads/cat.jpg");
        await AwsAsync("s3", "cp", Path.Combine(work, "flower.png"), $"s3://{photos}/uploads/red flower.png");
        await AwsAsync("s3", "cp", Path.Combine(work, "cat.jpg"), $"s3://{photos}/elsewhere/not-an-upload.jpg");

        using var s3 = S3Clients.Create(server.Endpoint);
        string[] expected = ["uploads/cat.jpg", "uploads/red flower.png"];
        var present = new List<string>();
        await Poll.UntilAsync(async () =>
        {
            present = [.. ((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = thumbnails })).S3Objects ?? []).Select(o => o.Key)];
            return present.Count >= expected.Length;
        }, TimeSpan.FromSeconds(90), () => $"thumbnails of {string.Join(", ", expected)} in {thumbnails}; there are [{string.Join(", ", present)}]");
        Assert.Equal(expected, present.Order(StringComparer.Ordinal));

        await AwsAsync("s3", "cp", $"s3://{thumbnails}/uploads/cat.jpg", Path.Combine(work, "cat-thumbnail.jpg"));
        await AwsAsync("s3", "cp", $"s3://{thumbnails}/uploads/red flower.png", Path.Combine(work, "flower-thumbnail.png"));
        AssertThumbnail(ImageSize.OfJpeg, Path.Combine(work, "cat.jpg"), Path.Combine(work, "cat-thumbnail.jpg"));
        AssertThumbnail(ImageSize.OfPng, Path.Combine(work, "flower.png"), Path.Combine(work, "flower-thumbnail.png"));
    }

    private static void AssertThumbnail(Func<byte[], (int Width, int Height)> decode, string original, string thumbnail)
    {
        var (width, height) = decode(File.ReadAllBytes(original));
        var (thumbWidth, thumbHeight) = decode(File.ReadAllBytes(thumbnail));
        Assert.Equal(128, Math.Max(thumbWidth, thumbHeight));
        Assert.True(Math.Abs(thumbWidth * height - thumbHeight * width) <= Math.Max(width, height),
            $"{thumbnail} is {thumbWidth}x{thumbHeight}, not the {width}x{height} original's aspect");
        Assert.True(new FileInfo(thumbnail).Length < new FileInfo(original).Length, $"{thumbnail} is not smaller than {original}");
    }

    /// <summary>The README's commands use AWS_ENDPOINT_URL, as a user's shell would.</summary>
    private async Task AwsAsync(params string[] arguments) =>
        (await ProcessRunner.RunAsync("aws", arguments,
            new Dictionary<string, string?>(AwsCli.Environment) { ["AWS_ENDPOINT_URL"] = server.Endpoint }))
            .EnsureSuccess("aws " + string.Join(' ', arguments));
}

/// <summary>Width and height from an image's header, checking that the header is valid.</summary>
public static class ImageSize
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The IHDR chunk, which must come first.</summary>
    public static (int Width, int Height) OfPng(byte[] png)
    {
        Assert.True(png.AsSpan().StartsWith(PngSignature), "not a PNG signature");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>Walks the segments from SOI to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).</summary>
    public static (int Width, int Height) OfJpeg(byte[] jpeg)
    {
        Assert.True(jpeg.Length > 4 && jpeg[0] == 0xFF && jpeg[1] == 0xD8, "not a JPEG start-of-image");
        var at = 2;
        while (at + 9 < jpeg.Length)
        {
            Assert.True(jpeg[at] == 0xFF, $"no JPEG marker at {at}");
            var marker = jpeg[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return (BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 7)), BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 5)));
            at += 2 + length;
        }
        throw new Xunit.Sdk.XunitException("no JPEG start-of-frame segment");
    }
}
