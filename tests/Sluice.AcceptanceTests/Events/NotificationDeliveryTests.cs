using System.Net;
using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Events;

/// <summary>Writes by real clients reach exactly the functions whose rules match, in the message shape of spec 01.</summary>
[Collection(EventsCollection.Name)]
public sealed class NotificationDeliveryTests(EventsServerFixture server)
{
    [Fact]
    public async Task PutBucketNotificationConfiguration_AwsCliRulesThenCliWrites_EachEventReachesExactlyItsFunction()
    {
        var bucket = SluiceServerFixture.UniqueBucket("cli-events");
        var images = await RecordingFunction.CreateAsync(server.Cli, "images");
        var docs = await RecordingFunction.CreateAsync(server.Cli, "docs");
        var tags = await RecordingFunction.CreateAsync(server.Cli, "tags");
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        var configuration = $$$"""
            {"LambdaFunctionConfigurations": [
              {"Id": "images-jpg", "LambdaFunctionArn": "{{{images.Arn}}}", "Events": ["s3:ObjectCreated:*"],
               "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "images/"}, {"Name": "suffix", "Value": ".jpg"}]}} },
              {"Id": "docs-created", "LambdaFunctionArn": "{{{docs.Arn}}}", "Events": ["s3:ObjectCreated:*"],
               "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "docs/"}]}} },
              {"Id": "removed", "LambdaFunctionArn": "{{{docs.Arn}}}", "Events": ["s3:ObjectRemoved:*"]},
              {"Id": "tagging", "LambdaFunctionArn": "{{{tags.Arn}}}", "Events": ["s3:ObjectTagging:*"],
               "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "images/"}]}} }
            ]}
            """;
        await server.Cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration", configuration);
        var stored = JsonDocument.Parse(await server.Cli.RunOkAsync("s3api", "get-bucket-notification-configuration", "--bucket", bucket)).RootElement;
        Assert.Equal(["images-jpg", "docs-created", "removed", "tagging"],
            stored.GetProperty("LambdaFunctionConfigurations").EnumerateArray().Select(rule => rule.GetProperty("Id").GetString()));

        var start = DateTimeOffset.UtcNow;
        var small = EventsServerFixture.TempFile(1000);
        var (putJpg, putJpgOutput) = await server.CliWriteAsync("PutObject", "s3api", "put-object", "--bucket", bucket, "--key", "images/cat.jpg", "--body", small);
        var jpgETag = putJpgOutput!.Value.GetProperty("ETag").GetString()!;
        await server.CliWriteAsync("PutObject", "s3api", "put-object", "--bucket", bucket, "--key", "images/cat.png", "--body", small);
        var big = EventsServerFixture.TempFile(9 * 1024 * 1024);
        var (multipart, _) = await server.CliWriteAsync("CompleteMultipartUpload", "s3", "cp", big, $"s3://{bucket}/docs/big.bin");
        var bigHead = JsonDocument.Parse(await server.Cli.RunOkAsync("s3api", "head-object", "--bucket", bucket, "--key", "docs/big.bin")).RootElement;
        Assert.Matches("^\"[0-9a-f]{32}-2\"$", bigHead.GetProperty("ETag").GetString());
        var (copy, copyOutput) = await server.CliWriteAsync("CopyObject",
            "s3api", "copy-object", "--bucket", bucket, "--key", "docs/cat-copy.jpg", "--copy-source", $"{bucket}/images/cat.jpg");
        var (tagPut, _) = await server.CliWriteAsync("PutObjectTagging",
            "s3api", "put-object-tagging", "--bucket", bucket, "--key", "images/cat.jpg", "--tagging", "TagSet=[{Key=stage,Value=raw}]");
        var (tagDelete, _) = await server.CliWriteAsync("DeleteObjectTagging",
            "s3api", "delete-object-tagging", "--bucket", bucket, "--key", "images/cat.jpg");
        var (delete, _) = await server.CliWriteAsync("DeleteObject", "s3api", "delete-object", "--bucket", bucket, "--key", "images/cat.jpg");
        var (deleteMany, deleted) = await server.CliWriteAsync("DeleteObjects", "s3api", "delete-objects", "--bucket", bucket,
            "--delete", "Objects=[{Key=docs/big.bin},{Key=docs/cat-copy.jpg},{Key=images/cat.png}]");
        Assert.Equal(3, deleted!.Value.GetProperty("Deleted").GetArrayLength());

        // In write order, so that sequencers can be checked per key.
        ExpectedEvent[] expected =
        [
            new(images, "ObjectCreated:Put", "images/cat.jpg", "images-jpg", putJpg, 1000, jpgETag),
            new(docs, "ObjectCreated:CompleteMultipartUpload", "docs/big.bin", "docs-created", multipart, 9 * 1024 * 1024, bigHead.GetProperty("ETag").GetString()),
            new(docs, "ObjectCreated:Copy", "docs/cat-copy.jpg", "docs-created", copy, 1000, copyOutput!.Value.GetProperty("CopyObjectResult").GetProperty("ETag").GetString()),
            new(tags, "ObjectTagging:Put", "images/cat.jpg", "tagging", tagPut, ETag: jpgETag),
            new(tags, "ObjectTagging:Delete", "images/cat.jpg", "tagging", tagDelete, ETag: jpgETag),
            new(docs, "ObjectRemoved:Delete", "images/cat.jpg", "removed", delete),
            new(docs, "ObjectRemoved:Delete", "docs/big.bin", "removed", deleteMany),
            new(docs, "ObjectRemoved:Delete", "docs/cat-copy.jpg", "removed", deleteMany),
            new(docs, "ObjectRemoved:Delete", "images/cat.png", "removed", deleteMany),
        ];
        await images.WaitForAsync(1, "the images/*.jpg put");
        await tags.WaitForAsync(2, "tagging put and delete");
        await docs.WaitForAsync(6, "the docs/ creations and every removal");
        var log = await server.Events.WaitUntilSettledAsync(bucket, atLeast: 10);
        S3EventAssert.DeliveredExactly(bucket, [images, docs, tags], expected, start);

        var unmatched = Assert.Single(log, e => e.GetProperty("key").GetString() == "images/cat.png" && e.GetProperty("eventName").GetString() == "ObjectCreated:Put");
        Assert.Equal("no configuration matched", unmatched.GetProperty("status").GetString());
    }

    [Fact]
    public async Task PutBucketNotificationConfiguration_Boto3RulesThenBoto3AndPresignedWrites_EachEventReachesExactlyItsFunction()
    {
        var bucket = SluiceServerFixture.UniqueBucket("boto3-events");
        var jpg = await RecordingFunction.CreateAsync(server.Cli, "jpg");
        var png = await RecordingFunction.CreateAsync(server.Cli, "png");
        var start = DateTimeOffset.UtcNow;
        var writes = await server.Boto3Async($$$"""
            import boto3, json, os, requests
            s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
            bucket = '{{{bucket}}}'
            s3.create_bucket(Bucket=bucket)
            def rule(prefix=None, suffix=None):
                rules = [{'Name': n, 'Value': v} for n, v in (('prefix', prefix), ('suffix', suffix)) if v]
                return {'Key': {'FilterRules': rules}}
            s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={'LambdaFunctionConfigurations': [
                {'Id': 'created-jpg', 'LambdaFunctionArn': '{{{jpg.Arn}}}', 'Events': ['s3:ObjectCreated:*'], 'Filter': rule('in/', '.jpg')},
                {'Id': 'created-png', 'LambdaFunctionArn': '{{{png.Arn}}}',
                 'Events': ['s3:ObjectCreated:Put', 's3:ObjectCreated:CompleteMultipartUpload'], 'Filter': rule('in/', '.png')},
                {'Id': 'removed', 'LambdaFunctionArn': '{{{png.Arn}}}', 'Events': ['s3:ObjectRemoved:Delete'], 'Filter': rule('in/')},
                {'Id': 'tagged', 'LambdaFunctionArn': '{{{jpg.Arn}}}', 'Events': ['s3:ObjectTagging:Put']},
            ]})
            out = {}
            def seen(name, response, **extra):
                meta = response['ResponseMetadata']
                out[name] = dict(requestId=meta['RequestId'], hostId=meta['HostId'], **extra)
            r = s3.put_object(Bucket=bucket, Key='in/a.jpg', Body=os.urandom(1000))
            seen('put', r, etag=r['ETag'])
            url = s3.generate_presigned_url('put_object', Params={'Bucket': bucket, 'Key': 'in/b.png'}, ExpiresIn=300)
            r = requests.put(url, data=os.urandom(2000))
            assert r.status_code == 200, r.text
            out['presigned'] = dict(requestId=r.headers['x-amz-request-id'], hostId=r.headers['x-amz-id-2'], etag=r.headers['ETag'])
            upload = s3.create_multipart_upload(Bucket=bucket, Key='in/big.png')['UploadId']
            parts = []
            for number, size in ((1, 5 * 1024 * 1024), (2, 4 * 1024 * 1024)):
                part = s3.upload_part(Bucket=bucket, Key='in/big.png', UploadId=upload, PartNumber=number, Body=os.urandom(size))
                parts.append({'ETag': part['ETag'], 'PartNumber': number})
            r = s3.complete_multipart_upload(Bucket=bucket, Key='in/big.png', UploadId=upload, MultipartUpload={'Parts': parts})
            seen('multipart', r, etag=r['ETag'])
            r = s3.copy_object(Bucket=bucket, Key='in/a-copy.jpg', CopySource={'Bucket': bucket, 'Key': 'in/a.jpg'})
            seen('copyJpg', r, etag=r['CopyObjectResult']['ETag'])
            s3.copy_object(Bucket=bucket, Key='in/a-copy.png', CopySource={'Bucket': bucket, 'Key': 'in/a.jpg'})
            seen('tagPut', s3.put_object_tagging(Bucket=bucket, Key='in/a.jpg', Tagging={'TagSet': [{'Key': 'k', 'Value': 'v'}]}))
            s3.delete_object_tagging(Bucket=bucket, Key='in/a.jpg')
            seen('delete', s3.delete_object(Bucket=bucket, Key='in/a.jpg'))
            r = s3.delete_objects(Bucket=bucket, Delete={'Objects': [{'Key': k} for k in ('in/b.png', 'in/big.png', 'in/a-copy.jpg', 'in/a-copy.png')]})
            assert len(r['Deleted']) == 4, r
            seen('deleteMany', r)
            s3.put_object(Bucket=bucket, Key='out/c.jpg', Body=b'outside every filter')
            print(json.dumps(out))
            """, "boto3 configuration and writes");

        ExpectedEvent Expect(RecordingFunction function, string eventName, string key, string rule, string write, long? size = null)
        {
            var seen = writes.GetProperty(write);
            return new(function, eventName, key, rule, seen.GetProperty("requestId").GetString()!, size,
                seen.TryGetProperty("etag", out var etag) ? etag.GetString() : null, seen.GetProperty("hostId").GetString());
        }
        ExpectedEvent[] expected =
        [
            Expect(jpg, "ObjectCreated:Put", "in/a.jpg", "created-jpg", "put", 1000),
            Expect(png, "ObjectCreated:Put", "in/b.png", "created-png", "presigned", 2000),
            Expect(png, "ObjectCreated:CompleteMultipartUpload", "in/big.png", "created-png", "multipart", 9 * 1024 * 1024),
            Expect(jpg, "ObjectCreated:Copy", "in/a-copy.jpg", "created-jpg", "copyJpg", 1000),
            Expect(jpg, "ObjectTagging:Put", "in/a.jpg", "tagged", "tagPut") with { ETag = writes.GetProperty("put").GetProperty("etag").GetString() },
            Expect(png, "ObjectRemoved:Delete", "in/a.jpg", "removed", "delete"),
            Expect(png, "ObjectRemoved:Delete", "in/b.png", "removed", "deleteMany"),
            Expect(png, "ObjectRemoved:Delete", "in/big.png", "removed", "deleteMany"),
            Expect(png, "ObjectRemoved:Delete", "in/a-copy.jpg", "removed", "deleteMany"),
            Expect(png, "ObjectRemoved:Delete", "in/a-copy.png", "removed", "deleteMany"),
        ];
        await jpg.WaitForAsync(3, "put, copy and tagging of in/*.jpg");
        await png.WaitForAsync(7, "presigned put, multipart upload and every removal under in/");
        await server.Events.WaitUntilSettledAsync(bucket, atLeast: 13);
        S3EventAssert.DeliveredExactly(bucket, [jpg, png], expected, start);
    }

    [Fact]
    public async Task PutObject_KeysWithSpacesPlusUnicodeAndPercent_ArriveFormEncodedAsS3EncodesThem()
    {
        var bucket = SluiceServerFixture.UniqueBucket("key-encoding");
        var encoded = await RecordingFunction.CreateAsync(server.Cli, "encoded");
        var spaced = await RecordingFunction.CreateAsync(server.Cli, "spaced");
        // Raw key → the key as the event carries it (spec 01 §3: form encoding, '/' kept).
        (string Raw, string Encoded)[] keys =
        [
            ("enc/red flower.jpg", "enc/red+flower.jpg"),
            ("enc/a+b=c.jpg", "enc/a%2Bb%3Dc.jpg"),
            ("enc/café über.jpg", "enc/caf%C3%A9+%C3%BCber.jpg"),
            ("enc/100% done.jpg", "enc/100%25+done.jpg"),
            ("enc/photo (1)!.jpg", "enc/photo+%281%29%21.jpg"),
            ("enc/日本/sub:dir/x~y*z.jpg", "enc/%E6%97%A5%E6%9C%AC/sub%3Adir/x%7Ey*z.jpg"),
        ];
        var writes = await server.Boto3Async($$$"""
            import boto3, json, os
            s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
            bucket = '{{{bucket}}}'
            s3.create_bucket(Bucket=bucket)
            s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={'LambdaFunctionConfigurations': [
                {'Id': 'encoded', 'LambdaFunctionArn': '{{{encoded.Arn}}}', 'Events': ['s3:ObjectCreated:*'],
                 'Filter': {'Key': {'FilterRules': [{'Name': 'prefix', 'Value': 'enc/'}]}} },
                {'Id': 'spaced', 'LambdaFunctionArn': '{{{spaced.Arn}}}', 'Events': ['s3:ObjectCreated:*'],
                 'Filter': {'Key': {'FilterRules': [{'Name': 'prefix', 'Value': 'space dir/'}, {'Name': 'suffix', 'Value': ' end.txt'}]}} },
            ]})
            keys = json.loads(os.environ['KEYS'])
            out = {}
            for key in keys + ['space dir/x y end.txt']:
                out[key] = s3.put_object(Bucket=bucket, Key=key, Body=b'k')['ResponseMetadata']['RequestId']
            print(json.dumps(out))
            """, "boto3 puts of keys with special characters", new Dictionary<string, string?> { ["KEYS"] = JsonSerializer.Serialize(keys.Select(k => k.Raw)) });

        await encoded.WaitForAsync(keys.Length, "one event per enc/ key");
        await spaced.WaitForAsync(1, "the key under 'space dir/' (filters match the raw key)");
        await server.Events.WaitUntilSettledAsync(bucket, atLeast: keys.Length + 1);
        S3EventAssert.DeliveredExactly(bucket, [encoded, spaced],
        [
            .. keys.Select(k => new ExpectedEvent(encoded, "ObjectCreated:Put", k.Encoded, "encoded", writes.GetProperty(k.Raw).GetString()!, 1)),
            new ExpectedEvent(spaced, "ObjectCreated:Put", "space+dir/x+y+end.txt", "spaced", writes.GetProperty("space dir/x y end.txt").GetString()!, 1),
        ], DateTimeOffset.UtcNow.AddMinutes(-2));
        // A consumer decoding with unquote_plus semantics gets the key back.
        foreach (var received in encoded.Received())
            Assert.Contains(WebUtility.UrlDecode(received.Key), keys.Select(k => k.Raw));
    }
}
