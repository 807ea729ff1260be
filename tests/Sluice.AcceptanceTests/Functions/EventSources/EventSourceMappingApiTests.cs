using System.Text;
using System.Text.Json;
using Sluice.AcceptanceTests.Events;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions.EventSources;

/// <summary>The event source mapping operations of the Lambda API, driven by the AWS CLI v1 and boto3.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class EventSourceMappingApiTests(FunctionsServerFixture server)
{
    private readonly SqsTestClient _sqs = new(server.Endpoint);

    private async Task<string> QueueArnAsync(string purpose) => (await _sqs.CreateAsync(FunctionsServerFixture.UniqueName(purpose))).Arn;

    private async Task<JsonElement> CliAsync(params string[] arguments) =>
        JsonDocument.Parse(await server.Cli.RunOkAsync(arguments)).RootElement.Clone();

    [Fact]
    public async Task CreateEventSourceMapping_ThenGetUpdateListDelete_FollowLambdasLifecycle()
    {
        var function = await RecordingFunction.CreateAsync(server.Cli, "esm-life");
        var queue = await QueueArnAsync("esm-life-q");

        var created = await CliAsync("lambda", "create-event-source-mapping", "--function-name", function.Name, "--event-source-arn", queue,
            "--batch-size", "5", "--function-response-types", "ReportBatchItemFailures", "--scaling-config", "MaximumConcurrency=3");
        var uuid = created.GetProperty("UUID").GetString()!;
        Assert.Equal("Creating", created.GetProperty("State").GetString());
        Assert.Equal("USER_INITIATED", created.GetProperty("StateTransitionReason").GetString());
        Assert.Equal(function.Arn, created.GetProperty("FunctionArn").GetString());
        Assert.Equal(queue, created.GetProperty("EventSourceArn").GetString());
        Assert.Equal(5, created.GetProperty("BatchSize").GetInt32());
        Assert.Equal(0, created.GetProperty("MaximumBatchingWindowInSeconds").GetInt32());
        Assert.Equal(["ReportBatchItemFailures"], created.GetProperty("FunctionResponseTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(3, created.GetProperty("ScalingConfig").GetProperty("MaximumConcurrency").GetInt32());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:event-source-mapping:{uuid}", created.GetProperty("EventSourceMappingArn").GetString());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(created.GetProperty("LastModified").GetDouble(), now - 300, now + 300);

        var fetched = await CliAsync("lambda", "get-event-source-mapping", "--uuid", uuid);
        Assert.Equal("Enabled", fetched.GetProperty("State").GetString());

        var updated = await CliAsync("lambda", "update-event-source-mapping", "--uuid", uuid, "--no-enabled", "--batch-size", "100",
            "--maximum-batching-window-in-seconds", "2", "--scaling-config", "{}");
        Assert.Equal("Updating", updated.GetProperty("State").GetString());
        Assert.Equal(100, updated.GetProperty("BatchSize").GetInt32());
        Assert.False(updated.TryGetProperty("ScalingConfig", out _));
        fetched = await CliAsync("lambda", "get-event-source-mapping", "--uuid", uuid);
        Assert.Equal("Disabled", fetched.GetProperty("State").GetString());
        Assert.Equal(2, fetched.GetProperty("MaximumBatchingWindowInSeconds").GetInt32());

        var byFunction = await CliAsync("lambda", "list-event-source-mappings", "--function-name", function.Arn);
        Assert.Equal([uuid], byFunction.GetProperty("EventSourceMappings").EnumerateArray().Select(m => m.GetProperty("UUID").GetString()));
        var bySource = await CliAsync("lambda", "list-event-source-mappings", "--event-source-arn", queue);
        Assert.Equal([uuid], bySource.GetProperty("EventSourceMappings").EnumerateArray().Select(m => m.GetProperty("UUID").GetString()));

        var deleted = await CliAsync("lambda", "delete-event-source-mapping", "--uuid", uuid);
        Assert.Equal("Deleting", deleted.GetProperty("State").GetString());
        var missing = await server.Cli.RunAsync("lambda", "get-event-source-mapping", "--uuid", uuid);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("ResourceNotFoundException", missing.Stderr);
        Assert.Contains("The resource you requested does not exist.", missing.Stderr);
        bySource = await CliAsync("lambda", "list-event-source-mappings", "--event-source-arn", queue);
        Assert.Equal(0, bySource.GetProperty("EventSourceMappings").GetArrayLength());
    }

    [Fact]
    public async Task CreateEventSourceMapping_PathWithTrailingSlash_IsAccepted()
    {
        var function = await RecordingFunction.CreateAsync(server.Cli, "esm-slash");
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { FunctionName = function.Name, EventSourceArn = await QueueArnAsync("esm-slash-q") }));

        var response = await RawHttp.SendAsync(server.Endpoint, "POST", "/2015-03-31/event-source-mappings/", body);

        Assert.Equal(202, response.StatusCode);
        Assert.Contains($"\"FunctionArn\":\"{function.Arn}\"", response.Body);
    }

    [Fact]
    public async Task CreateEventSourceMapping_InvalidRequests_GetLambdasErrorsAndCreateNothing()
    {
        var function = await RecordingFunction.CreateAsync(server.Cli, "esm-bad");
        var queue = await QueueArnAsync("esm-bad-q");
        var fifo = (await _sqs.CreateAsync(FunctionsServerFixture.UniqueName("esm-bad-q") + ".fifo")).Arn;
        // Parameter validation off, so that the server (not botocore) judges what botocore would refuse itself.
        var result = await server.Boto3Async($$"""
            import boto3, json, os
            from botocore.config import Config
            client = boto3.client('lambda', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1',
                                  config=Config(parameter_validation=False, retries={'max_attempts': 0}))
            cases = {
                'batch over ten without window': dict(BatchSize=11),
                'batch too large': dict(BatchSize=10001, MaximumBatchingWindowInSeconds=1),
                'batch zero': dict(BatchSize=0),
                'window too long': dict(MaximumBatchingWindowInSeconds=301),
                'concurrency one': dict(ScalingConfig={'MaximumConcurrency': 1}),
                'response type': dict(FunctionResponseTypes=['Everything']),
                'stream member': dict(StartingPosition='LATEST'),
                'filters': dict(FilterCriteria={'Filters': [{'Pattern': '{"body": {"a": ["b"]} }'} ]}),
                'not sqs': dict(EventSourceArn='arn:aws:kinesis:us-east-1:000000000000:stream/s'),
                'other account': dict(EventSourceArn='arn:aws:sqs:us-east-1:111111111111:q'),
                'no queue': dict(EventSourceArn='{{queue}}-missing'),
                'no function': dict(FunctionName='esm-missing-function'),
                'fifo batch': dict(EventSourceArn='{{fifo}}', BatchSize=20, MaximumBatchingWindowInSeconds=1),
                'fifo window': dict(EventSourceArn='{{fifo}}', MaximumBatchingWindowInSeconds=1),
            }
            out = {}
            for name, change in cases.items():
                request = dict(FunctionName='{{function.Name}}', EventSourceArn='{{queue}}')
                request.update(change)
                try:
                    client.create_event_source_mapping(**request)
                    out[name] = ['created', '', 0]
                except client.exceptions.ClientError as error:
                    out[name] = [error.response['Error']['Code'], error.response['Error']['Message'], error.response['ResponseMetadata']['HTTPStatusCode']]
            out['left'] = len(client.list_event_source_mappings(FunctionName='{{function.Name}}')['EventSourceMappings'])
            print(json.dumps(out))
            """);
        var outcome = JsonDocument.Parse(result.EnsureSuccess("boto3 invalid mappings").Stdout).RootElement;

        void Refused(string name, string code, int status, string message)
        {
            var (actualCode, actualMessage, actualStatus) = (outcome.GetProperty(name)[0].GetString(), outcome.GetProperty(name)[1].GetString()!, outcome.GetProperty(name)[2].GetInt32());
            Assert.True(code == actualCode && status == actualStatus && actualMessage.Contains(message, StringComparison.Ordinal),
                $"{name}: expected {code} ({status}) containing '{message}', got {actualCode} ({actualStatus}) '{actualMessage}'");
        }
        const string Invalid = "InvalidParameterValueException";
        Refused("batch over ten without window", Invalid, 400, "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
        Refused("batch too large", Invalid, 400, "Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000");
        Refused("batch zero", Invalid, 400, "Value '0' at 'batchSize'");
        Refused("window too long", Invalid, 400, "Value '301' at 'maximumBatchingWindowInSeconds'");
        Refused("concurrency one", Invalid, 400, "Value '1' at 'scalingConfig.maximumConcurrency'");
        Refused("response type", Invalid, 400, "enum value set: [ReportBatchItemFailures]");
        Refused("stream member", Invalid, 400, "StartingPosition is not valid for SQS event sources.");
        Refused("filters", Invalid, 400, "FilterCriteria");
        Refused("not sqs", Invalid, 400, "SQS queues only");
        Refused("other account", Invalid, 400, "does not exist");
        Refused("no queue", Invalid, 400, $"The queue {queue}-missing does not exist");
        Refused("no function", "ResourceNotFoundException", 404, "Function not found: arn:aws:lambda:us-east-1:000000000000:function:esm-missing-function");
        Refused("fifo batch", Invalid, 400, "FIFO");
        Refused("fifo window", Invalid, 400, "Batching window is not supported for FIFO queues.");
        Assert.Equal(0, outcome.GetProperty("left").GetInt32());
    }

    [Fact]
    public async Task CreateEventSourceMapping_SameQueueAndFunctionTwice_IsAConflict()
    {
        var function = await RecordingFunction.CreateAsync(server.Cli, "esm-twice");
        var queue = await QueueArnAsync("esm-twice-q");
        var first = await CliAsync("lambda", "create-event-source-mapping", "--function-name", function.Name, "--event-source-arn", queue);

        var second = await server.Cli.RunAsync("lambda", "create-event-source-mapping", "--function-name", function.Arn, "--event-source-arn", queue);

        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("ResourceConflictException", second.Stderr);
        Assert.Contains($"Please update or delete the existing mapping with UUID {first.GetProperty("UUID").GetString()}", second.Stderr);
    }

    [Fact]
    public async Task UpdateAndDeleteEventSourceMapping_UnknownUuid_AreNotFound()
    {
        var update = await server.Cli.RunAsync("lambda", "update-event-source-mapping", "--uuid", Guid.NewGuid().ToString(), "--batch-size", "3");
        var delete = await server.Cli.RunAsync("lambda", "delete-event-source-mapping", "--uuid", Guid.NewGuid().ToString());

        Assert.Contains("ResourceNotFoundException", update.Stderr);
        Assert.Contains("ResourceNotFoundException", delete.Stderr);
    }

    [Fact]
    public async Task ListEventSourceMappings_MaxItems_PagesThroughEveryMappingOnce()
    {
        var function = await RecordingFunction.CreateAsync(server.Cli, "esm-page");
        var result = await server.Boto3Async($$"""
            import boto3, json, os
            client = boto3.client('lambda', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
            sqs = boto3.client('sqs', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
            def queue(i):
                url = sqs.create_queue(QueueName='page-%d-{{function.Name}}' % i)['QueueUrl']
                return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
            created = [client.create_event_source_mapping(FunctionName='{{function.Name}}', EventSourceArn=queue(i))['UUID'] for i in range(5)]
            seen, pages, marker = [], 0, None
            while True:
                args = dict(FunctionName='{{function.Name}}', MaxItems=2)
                if marker: args['Marker'] = marker
                page = client.list_event_source_mappings(**args)
                pages += 1
                seen += [m['UUID'] for m in page['EventSourceMappings']]
                marker = page.get('NextMarker')
                if not marker: break
            print(json.dumps({'created': sorted(created), 'seen': seen, 'pages': pages}))
            """);
        var outcome = JsonDocument.Parse(result.EnsureSuccess("boto3 paging").Stdout).RootElement;

        Assert.Equal(outcome.GetProperty("created").EnumerateArray().Select(e => e.GetString()), outcome.GetProperty("seen").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, outcome.GetProperty("pages").GetInt32());
    }
}
