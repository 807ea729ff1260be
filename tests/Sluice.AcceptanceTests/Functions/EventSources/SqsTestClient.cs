using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions.EventSources;

/// <summary>The SQS side of the event source mapping tests, through boto3 (the JSON protocol) against the server.</summary>
public sealed class SqsTestClient(string endpoint)
{
    private const string Preamble = """
        import boto3, json, os
        from botocore.config import Config
        sqs = boto3.client('sqs', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', config=Config(retries={'max_attempts': 0}))
        args = json.loads(os.environ['ARGS'])
        """;

    public sealed record Queue(string Url, string Arn);

    /// <summary>A queue with the given attributes (a FIFO queue when the name ends in .fifo); a dead-letter queue when <paramref name="deadLetterTo"/> names one.</summary>
    public async Task<Queue> CreateAsync(string name, int visibilityTimeoutSeconds = 30, Queue? deadLetterTo = null, int maxReceiveCount = 0)
    {
        var attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (name.EndsWith(".fifo", StringComparison.Ordinal))
            attributes["FifoQueue"] = "true";
        if (deadLetterTo is not null)
            attributes["RedrivePolicy"] = JsonSerializer.Serialize(new { deadLetterTargetArn = deadLetterTo.Arn, maxReceiveCount });
        var output = await RunAsync("""
            url = sqs.create_queue(QueueName=args['name'], Attributes=args['attributes'])['QueueUrl']
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
            print(json.dumps({'url': url, 'arn': arn}))
            """, new { name, attributes });
        return new Queue(output.GetProperty("url").GetString()!, output.GetProperty("arn").GetString()!);
    }

    /// <summary>Sends the bodies in order, ten to a SendMessageBatch; in one message group (and content deduplication ids) on a FIFO queue.</summary>
    public Task SendAsync(Queue queue, IReadOnlyList<string> bodies, string? group = null) => RunAsync("""
        bodies = args['bodies']
        for first in range(0, len(bodies), 10):
            entries = []
            for i, body in enumerate(bodies[first:first + 10]):
                entry = {'Id': str(i), 'MessageBody': body}
                if args['group']:
                    entry['MessageGroupId'] = args['group']
                    entry['MessageDeduplicationId'] = '%s-%d' % (args['group'], first + i)
                entries.append(entry)
            response = sqs.send_message_batch(QueueUrl=args['url'], Entries=entries)
            assert not response.get('Failed'), response
        print('{}')
        """, new { url = queue.Url, bodies, group });

    /// <summary>Sends each body on its own (SendMessage), <paramref name="gapMs"/> apart.</summary>
    public Task SendApartAsync(Queue queue, IReadOnlyList<string> bodies, int gapMs) => RunAsync("""
        import time
        for i, body in enumerate(args['bodies']):
            if i > 0:
                time.sleep(args['gap'] / 1000)
            sqs.send_message(QueueUrl=args['url'], MessageBody=body)
        print('{}')
        """, new { url = queue.Url, bodies, gap = gapMs });

    /// <summary>ApproximateNumberOfMessages plus ApproximateNumberOfMessagesNotVisible: what the queue still holds.</summary>
    public async Task<long> HeldAsync(Queue queue)
    {
        var output = await RunAsync("""
            a = sqs.get_queue_attributes(QueueUrl=args['url'], AttributeNames=['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'])['Attributes']
            print(json.dumps({'held': int(a['ApproximateNumberOfMessages']) + int(a['ApproximateNumberOfMessagesNotVisible'])}))
            """, new { url = queue.Url });
        return output.GetProperty("held").GetInt64();
    }

    /// <summary>The bodies a plain receive gets (waiting up to a second), for looking into a dead-letter queue.</summary>
    public async Task<IReadOnlyList<string>> ReceiveBodiesAsync(Queue queue)
    {
        var output = await RunAsync("""
            messages = sqs.receive_message(QueueUrl=args['url'], MaxNumberOfMessages=10, WaitTimeSeconds=1).get('Messages', [])
            print(json.dumps({'bodies': [m['Body'] for m in messages]}))
            """, new { url = queue.Url });
        return [.. output.GetProperty("bodies").EnumerateArray().Select(body => body.GetString()!)];
    }

    private async Task<JsonElement> RunAsync(string script, object arguments)
    {
        var environment = new Dictionary<string, string?>(AwsCli.Environment) { ["ENDPOINT"] = endpoint, ["ARGS"] = JsonSerializer.Serialize(arguments) };
        var result = await ProcessRunner.RunAsync("python3", ["-c", Preamble + "\n" + script], environment, timeout: TimeSpan.FromMinutes(2));
        return JsonDocument.Parse(result.EnsureSuccess("boto3 sqs").Stdout).RootElement.Clone();
    }
}
