using Sluice.Sqs;
using Sluice.Sqs.Queues;

namespace Sluice.Tests.Sqs;

public sealed class SqsQueueStoreTests : IAsyncDisposable
{
    private readonly SqsTestContext _sqs = new();

    public ValueTask DisposeAsync() => _sqs.DisposeAsync();

    private async Task<string> CodeOfAsync(Func<Task> action) => (await Assert.ThrowsAsync<SqsException>(action)).Error.Code;

    [Fact]
    public async Task Create_SameNameEqualAttributes_ReturnsTheQueue_DifferentValue_QueueNameExists()
    {
        var created = await _sqs.CreateAsync("orders", (SqsQueueAttributes.VisibilityTimeout, "45"));

        var again = await _sqs.CreateAsync("orders", (SqsQueueAttributes.VisibilityTimeout, "45"));
        var defaultsOnly = await _sqs.CreateAsync("orders", (SqsQueueAttributes.DelaySeconds, "0"));
        var code = await CodeOfAsync(() => _sqs.CreateAsync("orders", (SqsQueueAttributes.VisibilityTimeout, "46")));

        Assert.Equal((created.Arn, created.CreatedTimestamp), (again.Arn, again.CreatedTimestamp));
        Assert.Equal(45, defaultsOnly.VisibilityTimeoutSeconds);
        Assert.Equal("QueueNameExists", code);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("dot.name")]
    [InlineData("")]
    [InlineData("standard.fifo")]
    public async Task Create_BadName_InvalidParameterValueAndNoQueue(string name)
    {
        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => _sqs.Queues.CreateAsync(name, new Dictionary<string, string>(), new Dictionary<string, string>())));
        Assert.Empty(_sqs.Queues.List(null));
    }

    [Fact]
    public async Task Create_NameLengthAndFifoSuffix_EightyCharactersIncludingTheSuffix()
    {
        await _sqs.CreateAsync(new string('a', 80));
        await _sqs.CreateAsync(new string('b', 75) + ".fifo");

        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => _sqs.CreateAsync(new string('c', 81))));
        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => _sqs.Queues.CreateAsync("nofifo",
            new Dictionary<string, string> { [SqsQueueAttributes.FifoQueue] = "true" }, new Dictionary<string, string>())));
    }

    [Theory]
    [InlineData("VisibilityTimeout", "43201", "InvalidAttributeValue")]
    [InlineData("MessageRetentionPeriod", "59", "InvalidAttributeValue")]
    [InlineData("MaximumMessageSize", "1023", "InvalidAttributeValue")]
    [InlineData("DelaySeconds", "ten", "InvalidAttributeValue")]
    [InlineData("ReceiveMessageWaitTimeSeconds", "21", "InvalidAttributeValue")]
    [InlineData("ContentBasedDeduplication", "true", "InvalidAttributeName")]
    [InlineData("QueueArn", "arn:aws:sqs:us-east-1:000000000000:x", "InvalidAttributeName")]
    [InlineData("NoSuchAttribute", "1", "InvalidAttributeName")]
    [InlineData("RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:missing\",\"maxReceiveCount\":3}", "InvalidParameterValue")]
    [InlineData("RedrivePolicy", "not json", "InvalidParameterValue")]
    public async Task SetAttributes_BadNameOrValue_SqsErrorAndNothingChanged(string name, string value, string code)
    {
        var queue = await _sqs.CreateAsync("standard");

        Assert.Equal(code, await CodeOfAsync(() => _sqs.Queues.SetAttributesAsync(queue, new Dictionary<string, string> { [name] = value })));
        Assert.Equal(queue.Attributes, _sqs.Queues.Find("standard")!.Attributes);
    }

    [Fact]
    public async Task SetAttributes_RedrivePolicy_NeedsAnExistingDeadLetterQueueOfTheSameTypeThatAllowsIt()
    {
        var source = await _sqs.CreateAsync("source");
        var fifoDlq = await _sqs.CreateAsync("dlq.fifo");
        var denying = await _sqs.CreateAsync("denying", (RedriveAllowPolicy.Attribute, "{\"redrivePermission\":\"denyAll\"}"));
        var dlq = await _sqs.CreateAsync("dlq");
        static Dictionary<string, string> Policy(SqsQueue target, string count = "3") =>
            new() { [RedrivePolicy.Attribute] = $"{{\"deadLetterTargetArn\":\"{target.Arn}\",\"maxReceiveCount\":\"{count}\"}}" };

        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => _sqs.Queues.SetAttributesAsync(source, Policy(fifoDlq))));
        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => _sqs.Queues.SetAttributesAsync(source, Policy(denying))));
        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => _sqs.Queues.SetAttributesAsync(source, Policy(dlq, "1001"))));
        var updated = await _sqs.Queues.SetAttributesAsync(source, Policy(dlq));

        Assert.Equal((dlq.Arn, 3), (updated.DeadLetterTargetArn, updated.MaxReceiveCount));
        Assert.Equal($"{{\"deadLetterTargetArn\":\"{dlq.Arn}\",\"maxReceiveCount\":3}}", updated.Attributes[RedrivePolicy.Attribute]);
        Assert.Equal([updated.Name], _sqs.Queues.DeadLetterSourcesOf(dlq).Select(queue => queue.Name));
        var removed = await _sqs.Queues.SetAttributesAsync(updated, new Dictionary<string, string> { [RedrivePolicy.Attribute] = "" });
        Assert.Null(removed.Redrive);
    }

    [Fact]
    public async Task Fifo_ThroughputPerGroupWithoutPerGroupDeduplication_InvalidAttributeValue()
    {
        Assert.Equal("InvalidAttributeValue", await CodeOfAsync(() => _sqs.CreateAsync("high.fifo",
            (SqsQueueAttributes.FifoThroughputLimit, "perMessageGroupId"))));

        var high = await _sqs.CreateAsync("high.fifo",
            (SqsQueueAttributes.FifoThroughputLimit, "perMessageGroupId"), (SqsQueueAttributes.DeduplicationScope, "messageGroup"));
        Assert.True(high.DeduplicatesPerGroup);
    }

    [Fact]
    public async Task Queues_NewStoreOnTheSameCatalog_ReadBackWithTags()
    {
        var queue = await _sqs.CreateAsync("kept", (SqsQueueAttributes.VisibilityTimeout, "7"));
        await _sqs.Queues.TagAsync(queue, new Dictionary<string, string> { ["team"] = "data", ["env"] = "test" });
        await _sqs.Queues.UntagAsync(_sqs.Queues.Find("kept")!, ["env"]);

        var reopened = new SqsQueueStore(_sqs.Catalog,
            new Sluice.Hosting.SluiceOptions { Host = "h", Port = 0, DataPath = "/tmp", AccessKey = "a", SecretKey = "s" }, _sqs.Time);

        var read = reopened.Find("kept")!;
        Assert.Equal(7, read.VisibilityTimeoutSeconds);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "data" }, read.Tags);
    }
}
