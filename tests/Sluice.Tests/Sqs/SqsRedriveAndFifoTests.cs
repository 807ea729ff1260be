using Sluice.Sqs.Queues;

namespace Sluice.Tests.Sqs;

public sealed class SqsRedriveAndFifoTests : IAsyncDisposable
{
    private readonly SqsTestContext _sqs = new();

    public ValueTask DisposeAsync() => _sqs.DisposeAsync();

    private async Task<SqsQueue> WithRedriveAsync(SqsQueue source, SqsQueue dlq, int maxReceiveCount) =>
        await _sqs.Queues.SetAttributesAsync(source, new Dictionary<string, string>
        {
            [RedrivePolicy.Attribute] = $"{{\"deadLetterTargetArn\":\"{dlq.Arn}\",\"maxReceiveCount\":{maxReceiveCount}}}",
        });

    [Fact]
    public async Task Receive_MoreThanMaxReceiveCount_MovesToTheDeadLetterQueueInsteadOfDelivering()
    {
        var dlq = await _sqs.CreateAsync("work-dlq");
        var source = await WithRedriveAsync(await _sqs.CreateAsync("work"), dlq, maxReceiveCount: 2);
        await _sqs.SendAsync(source, "poison");

        Assert.Single(await _sqs.ReceiveAsync(source, visibility: 0));
        Assert.Single(await _sqs.ReceiveAsync(source, visibility: 0));
        Assert.Empty(await _sqs.ReceiveAsync(source, visibility: 0));

        var dead = Assert.Single(await _sqs.ReceiveAsync(dlq));
        Assert.Equal("poison", dead.Body);
        Assert.Equal(source.Arn, dead.DeadLetterQueueSourceArn);
        Assert.Equal(new(0, 0, 0), _sqs.Messages.Counts(source));
    }

    [Fact]
    public async Task Fifo_GroupWithAMessageInFlight_DeliversNothingMoreFromItUntilDeleted()
    {
        var queue = await _sqs.CreateAsync("orders.fifo");
        foreach (var (body, group) in new[] { ("a1", "a"), ("b1", "b"), ("a2", "a"), ("b2", "b") })
            await _sqs.SendAsync(queue, body, group, deduplication: body);

        var firstA = Assert.Single(await _sqs.ReceiveAsync(queue, max: 1));
        var rest = await _sqs.BodiesAsync(queue);
        Assert.Equal(["b1", "b2"], rest);
        Assert.Empty(await _sqs.ReceiveAsync(queue));

        await _sqs.Messages.DeleteAsync(queue, firstA.ReceiptHandle);
        Assert.Equal(["a2"], await _sqs.BodiesAsync(queue));
        Assert.Equal("a1", firstA.Body);
    }

    [Fact]
    public async Task Fifo_InFlightMessageBecomesVisible_ItsGroupResumesInOrder()
    {
        var queue = await _sqs.CreateAsync("resume.fifo");
        await _sqs.SendAsync(queue, "1", "g", "1");
        await _sqs.SendAsync(queue, "2", "g", "2");

        Assert.Equal(["1"], await _sqs.BodiesAsync(queue, max: 1, visibility: 10));
        Assert.Empty(await _sqs.ReceiveAsync(queue));
        _sqs.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["1", "2"], await _sqs.BodiesAsync(queue));
    }

    [Fact]
    public async Task Fifo_SameDeduplicationIdWithinFiveMinutes_OriginalIdAndDeliveredOnce_AlsoAfterDelete()
    {
        var queue = await _sqs.CreateAsync("dedup.fifo");
        var first = await _sqs.SendAsync(queue, "once", "g", "id-1");
        var received = Assert.Single(await _sqs.ReceiveAsync(queue));
        await _sqs.Messages.DeleteAsync(queue, received.ReceiptHandle);

        var duplicate = await _sqs.SendAsync(queue, "once again", "g", "id-1");
        Assert.Equal((first.MessageId, first.SequenceNumber), (duplicate.MessageId, duplicate.SequenceNumber));
        Assert.Empty(await _sqs.ReceiveAsync(queue));

        _sqs.Time.Advance(TimeSpan.FromMinutes(5));
        var afterWindow = await _sqs.SendAsync(queue, "later", "g", "id-1");
        Assert.NotEqual(first.MessageId, afterWindow.MessageId);
        Assert.True(string.CompareOrdinal(afterWindow.SequenceNumber, first.SequenceNumber) > 0);
    }

    [Fact]
    public async Task Fifo_ContentBasedDeduplication_ByBodyHash_PerGroupWhenScopedSo()
    {
        var queue = await _sqs.CreateAsync("content.fifo", (SqsQueueAttributes.ContentBasedDeduplication, "true"));
        var perGroup = await _sqs.CreateAsync("scoped.fifo", (SqsQueueAttributes.ContentBasedDeduplication, "true"),
            (SqsQueueAttributes.DeduplicationScope, "messageGroup"));

        var a = await _sqs.SendAsync(queue, "same", "g1");
        var b = await _sqs.SendAsync(queue, "same", "g2");
        var c = await _sqs.SendAsync(perGroup, "same", "g1");
        var d = await _sqs.SendAsync(perGroup, "same", "g2");

        Assert.Equal(a.MessageId, b.MessageId);
        Assert.NotEqual(c.MessageId, d.MessageId);
        var received = Assert.Single(await _sqs.ReceiveAsync(queue));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("same"u8)), received.MessageDeduplicationId);
    }

    [Fact]
    public async Task Fifo_DeadLetterQueue_KeepsTheGroupAndStopsBlockingTheSource()
    {
        var dlq = await _sqs.CreateAsync("dlq.fifo");
        var source = await WithRedriveAsync(await _sqs.CreateAsync("src.fifo"), dlq, maxReceiveCount: 1);
        await _sqs.SendAsync(source, "bad", "g", "1");
        await _sqs.SendAsync(source, "good", "g", "2");

        Assert.Equal(["bad"], await _sqs.BodiesAsync(source, max: 1, visibility: 0));
        Assert.Equal(["good"], await _sqs.BodiesAsync(source, max: 1));
        var dead = Assert.Single(await _sqs.ReceiveAsync(dlq));
        Assert.Equal(("bad", "g"), (dead.Body, dead.MessageGroupId));
    }
}
