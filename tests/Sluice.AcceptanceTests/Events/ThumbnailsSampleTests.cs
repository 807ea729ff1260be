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
        // The README's thumbnails-uploads and thumbnails-output, made unique for this test.
        var uploads = SluiceServerFixture.UniqueBucket("thumbnails-uploads");
        var thumbnails = SluiceServerFixture.UniqueBucket("thumbnails-output");

        // 1. Package the handler with jimp (installed in the sample folder by scripts/setup).
        var zip = Path.Combine(work, "thumbnails.zip");
        (await ProcessRunner.RunAsync("zip", ["-qr", zip, "index.js", "package.json", "node_modules"], workingDirectory: Sample))
            .EnsureSuccess("zip the sample");
        // 2. Create the function.
        await AwsAsync("lambda", "create-function", "--function-name", function, "--runtime", "nodejs20.x", "--handler", "index.handler",
            "--role", "arn:aws:iam::000000000000:role/thumbnails", "--zip-file", "fileb://" + zip,
            "--timeout", "30", "--memory-size", "512", "--environment", $"Variables={{THUMBNAIL_BUCKET={thumbnails}}}");
        // 3. The buckets, and the sample's notification.json with this test's names.
        await AwsAsync("s3", "mb", $"s3://{uploads}");
        await AwsAsync("s3", "mb", $"s3://{thumbnails}");
        var notification = Path.Combine(work, "notification.json");
        await File.WriteAllTextAsync(notification, (await File.ReadAllTextAsync(Path.Combine(Sample, "notification.json")))
            .Replace("function:thumbnails", "function:" + function, StringComparison.Ordinal));
        await AwsAsync("s3api", "put-bucket-notification-configuration", "--bucket", uploads, "--notification-configuration", "file://" + notification);

        // 4. Upload pictures (made with the sample's own jimp), then download their thumbnails. The JPEG is a smooth
        // 640x480 picture saved at quality 40, about 10 KB: at jimp's default quality of 100 its thumbnail was larger.
        (await ProcessRunner.RunAsync("node", ["-e", """
            const { Jimp } = require('jimp');
            const fs = require('fs');
            (async () => {
              const photo = new Jimp({ width: 640, height: 480, color: 0 });
              for (let x = 0; x < 640; x++) for (let y = 0; y < 480; y++)
                photo.setPixelColor((((x * 200 / 640) | 0) << 24 | ((y * 200 / 480) | 0) << 16 | (((x + y) * 200 / 1120) | 0) << 8 | 0xff) >>> 0, x, y);
              fs.writeFileSync(process.argv[1] + '/cat.jpg', await photo.getBuffer('image/jpeg', { quality: 40 }));
              const drawing = new Jimp({ width: 300, height: 500, color: 0x336699ff });
              for (let x = 0; x < 300; x += 3) for (let y = 0; y < 500; y += 5) drawing.setPixelColor(((x * 7) << 24 | (y * 3) << 16 | 0xff) >>> 0, x, y);
              await drawing.write(process.argv[1] + '/flower.png');
            })();
            """, work], workingDirectory: Sample)).EnsureSuccess("make the test pictures with jimp");
        await AwsAsync("s3", "cp", Path.Combine(work, "cat.jpg"), $"s3://{uploads}/uploads/cat.jpg");
        await AwsAsync("s3", "cp", Path.Combine(work, "flower.png"), $"s3://{uploads}/uploads/red flower.png");
        await AwsAsync("s3", "cp", Path.Combine(work, "cat.jpg"), $"s3://{uploads}/elsewhere/not-an-upload.jpg");

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
        var (bytes, originalBytes) = (new FileInfo(thumbnail).Length, new FileInfo(original).Length);
        Assert.True(bytes < originalBytes, $"{thumbnail} has {bytes} bytes, not fewer than the {originalBytes} of {original}");
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
