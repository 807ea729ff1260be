using Sluice.Sqs;
using Sluice.Sqs.Queues;

namespace Sluice.Tests.Sqs;

/// <summary>FIFO ReceiveRequestAttemptId: a retried receive gets the same messages, as SQS documents.</summary>
public sealed class ReceiveAttemptTests : IAsyncDisposable
{
    private readonly SqsTestContext _sqs = new();

    public ValueTask DisposeAsync() => _sqs.DisposeAsync();

    private async Task<SqsQueue> FifoWithAsync(string name, params string[] bodies)
    {
        var queue = await _sqs.CreateAsync(name, (SqsQueueAttributes.VisibilityTimeout, "30"));
        foreach (var body in bodies) await _sqs.SendAsync(queue, body, "group", deduplication: body);
        return queue;
    }

    [Fact]
    public async Task Receive_SameAttemptIdWithinFiveMinutes_SameMessagesAndHandlesWithTheVisibilityReset()
    {
        var queue = await FifoWithAsync("retried.fifo", "one", "two");
        var first = await _sqs.ReceiveAsync(queue, attemptId: "attempt-1");
        _sqs.Time.Advance(TimeSpan.FromSeconds(20));

        var again = await _sqs.ReceiveAsync(queue, attemptId: "attempt-1");

        Assert.Equal(["one", "two"], again.Select(m => m.Body));
        Assert.Equal(first.Select(m => (m.MessageId, m.ReceiptHandle, m.ApproximateReceiveCount)),
            again.Select(m => (m.MessageId, m.ReceiptHandle, m.ApproximateReceiveCount)));
        _sqs.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await _sqs.ReceiveAsync(queue));
        _sqs.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([2, 2], (await _sqs.ReceiveAsync(queue)).Select(m => m.ApproximateReceiveCount));
    }

    [Fact]
    public async Task Receive_SameAttemptIdAfterTheVisibilityEnded_SameMessagesLeasedAgain()
    {
        var queue = await FifoWithAsync("late.fifo", "one");
        var first = Assert.Single(await _sqs.ReceiveAsync(queue, attemptId: "attempt-1"));
        _sqs.Time.Advance(TimeSpan.FromSeconds(40));

        var again = Assert.Single(await _sqs.ReceiveAsync(queue, attemptId: "attempt-1"));

        Assert.Equal((first.ReceiptHandle, 1), (again.ReceiptHandle, again.ApproximateReceiveCount));
        Assert.Empty(await _sqs.ReceiveAsync(queue));
        Assert.True((await _sqs.Messages.DeleteAsync(queue, again.ReceiptHandle)).Succeeded);
        Assert.Equal(new(0, 0, 0), _sqs.Messages.Counts(queue));
    }

    [Fact]
    public async Task Receive_SameAttemptIdAfterADeleteOrAVisibilityChange_RefusedAndNothingChanged()
    {
        var queue = await FifoWithAsync("touched.fifo", "one", "two");
        var deletedOne = await _sqs.ReceiveAsync(queue, attemptId: "deleted");
        await _sqs.Messages.DeleteAsync(queue, deletedOne[0].ReceiptHandle);

        var afterDelete = await Assert.ThrowsAsync<SqsException>(() => _sqs.ReceiveAsync(queue, attemptId: "deleted"));

        Assert.Equal("InvalidParameterValue", afterDelete.Error.Code);
        Assert.Contains("ReceiveRequestAttemptId", afterDelete.Message);
        Assert.Equal(new(0, 1, 0), _sqs.Messages.Counts(queue));
        await _sqs.Messages.ChangeVisibilityAsync(queue, deletedOne[1].ReceiptHandle, 0);
        var changed = Assert.Single(await _sqs.ReceiveAsync(queue, attemptId: "changed"));
        await _sqs.Messages.ChangeVisibilityAsync(queue, changed.ReceiptHandle, 100);
        await Assert.ThrowsAsync<SqsException>(() => _sqs.ReceiveAsync(queue, attemptId: "changed"));
        _sqs.Time.Advance(TimeSpan.FromSeconds(99));
        Assert.Empty(await _sqs.ReceiveAsync(queue));
    }

    [Fact]
    public async Task Receive_SameAttemptIdAfterFiveMinutes_ReceivesAfresh()
    {
        var queue = await FifoWithAsync("forgotten.fifo", "one");
        var first = Assert.Single(await _sqs.ReceiveAsync(queue, attemptId: "attempt-1"));
        _sqs.Time.Advance(TimeSpan.FromMinutes(5));

        var fresh = Assert.Single(await _sqs.ReceiveAsync(queue, attemptId: "attempt-1"));

        Assert.Equal(2, fresh.ApproximateReceiveCount);
        Assert.NotEqual(first.ReceiptHandle, fresh.ReceiptHandle);
    }

    [Fact]
    public async Task Receive_AttemptIdOnAStandardQueue_Ignored()
    {
        var queue = await _sqs.CreateAsync("standard");
        await _sqs.SendAsync(queue, "one");
        Assert.Single(await _sqs.ReceiveAsync(queue, attemptId: "attempt-1"));

        Assert.Empty(await _sqs.ReceiveAsync(queue, attemptId: "attempt-1"));
    }
}
