using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions.EventSources;

/// <summary>
/// The seed's second pattern end to end: uploads raise S3 events into a queue that buffers them, and an event source
/// mapping feeds the queue to a function that writes down every S3 record it saw.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class S3ToQueueToFunctionTests(FunctionsServerFixture server)
{
    private const int Uploads = 50;

    // As a real consumer of S3 events through SQS: each SQS record's body is an S3 event message, or the s3:TestEvent S3
    // sends when the configuration is set (no Records); keys arrive URL-encoded, spaces as '+'.
    private const string Handler = """
        const fs = require('fs');
        exports.handler = async (event) => {
          const lines = [];
          for (const record of event.Records) {
            const message = JSON.parse(record.body);
            if (message.Event === 's3:TestEvent') {
              lines.push({ test: true, bucket: message.Bucket });
              continue;
            }
            for (const s3 of message.Records) {
              lines.push({ key: decodeURIComponent(s3.s3.object.key.replace(/\+/g, ' ')), eventName: s3.eventName, size: s3.s3.object.size });
            }
          }
          fs.appendFileSync(process.env.RECORD_FILE, lines.map((line) => JSON.stringify(line) + '\n').join(''));
        };
        """;

    private readonly SqsTestClient _sqs = new(server.Endpoint);

    [Fact]
    public async Task Uploads_BucketNotifiesQueueMappedToFunction_FunctionSeesEveryKeyAndTheTestEventBreaksNothing()
    {
        var recordFile = Path.Combine(Directory.CreateTempSubdirectory("sluice-s3-sqs-").FullName, "records.jsonl");
        var function = FunctionsServerFixture.UniqueName("s3-sqs-fn");
        await server.CreateFunctionAsync(function, "nodejs20.x", "index.handler", new Dictionary<string, string> { ["index.js"] = Handler },
            "--environment", $"Variables={{RECORD_FILE={recordFile}}}");
        var queue = await _sqs.CreateAsync(FunctionsServerFixture.UniqueName("s3-sqs-q"));
        await server.Cli.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", function, "--event-source-arn", queue.Arn);
        var bucket = SluiceServerFixture.UniqueBucket("s3-sqs");
        await server.Cli.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        await server.Cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration",
            $$"""{"QueueConfigurations": [{"QueueArn": "{{queue.Arn}}", "Events": ["s3:ObjectCreated:*"]}]}""");

        var folder = Directory.CreateTempSubdirectory("sluice-uploads-").FullName;
        var keys = Enumerable.Range(0, Uploads).Select(i => i % 5 == 0 ? $"photos/photo {i:D2}.jpg" : $"photos/photo-{i:D2}.jpg").ToList();
        Directory.CreateDirectory(Path.Combine(folder, "photos"));
        foreach (var (key, i) in keys.Select((key, i) => (key, i)))
            await File.WriteAllTextAsync(Path.Combine(folder, key), new string('x', 100 + i));
        await server.Cli.RunOkAsync("s3", "cp", folder, $"s3://{bucket}/", "--recursive");

        List<JsonElement> Records() => File.Exists(recordFile)
            ? [.. File.ReadAllLines(recordFile).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement.Clone())]
            : [];
        List<string> Seen() => [.. Records().Where(r => r.TryGetProperty("key", out _)).Select(r => r.GetProperty("key").GetString()!)];
        await Poll.UntilAsync(() => keys.All(Seen().Contains), TimeSpan.FromSeconds(60),
            () => $"the function to see every key; missing: {string.Join(", ", keys.Except(Seen()).Take(10))}");
        await Poll.UntilAsync(async () => await _sqs.HeldAsync(queue) == 0, TimeSpan.FromSeconds(30), () => "the queue to be empty");

        Assert.Equal(keys.Order(), Seen().Distinct().Order());
        var test = Assert.Single(Records(), r => r.TryGetProperty("test", out _));
        Assert.Equal(bucket, test.GetProperty("bucket").GetString());
        Assert.All(Records().Where(r => r.TryGetProperty("key", out _)), r => Assert.Equal("ObjectCreated:Put", r.GetProperty("eventName").GetString()));
        var sizes = Records().Where(r => r.TryGetProperty("key", out _)).ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("size").GetInt32());
        Assert.Equal(100 + 5, sizes["photos/photo 05.jpg"]);
        var mapping = JsonDocument.Parse(await server.Cli.RunOkAsync("lambda", "list-event-source-mappings", "--function-name", function))
            .RootElement.GetProperty("EventSourceMappings")[0];
        Assert.Equal("OK", mapping.GetProperty("LastProcessingResult").GetString());
    }
}
