using Sluice.Sqs;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;

namespace Sluice.Tests.Sqs;

public sealed class SqsMessageStoreTests : IAsyncDisposable
{
    private readonly SqsTestContext _sqs = new();

    public ValueTask DisposeAsync() => _sqs.DisposeAsync();

    [Fact]
    public async Task Receive_VisibilityTimeoutExpires_DeliveredAgainWithANewHandleAndCount()
    {
        var queue = await _sqs.CreateAsync("jobs", (SqsQueueAttributes.VisibilityTimeout, "10"));
        await _sqs.SendAsync(queue, "work");

        var first = Assert.Single(await _sqs.ReceiveAsync(queue));
        Assert.Empty(await _sqs.ReceiveAsync(queue));
        _sqs.Time.Advance(TimeSpan.FromSeconds(10));
        var second = Assert.Single(await _sqs.ReceiveAsync(queue));

        Assert.Equal((first.MessageId, 1, 2), (second.MessageId, first.ApproximateReceiveCount, second.ApproximateReceiveCount));
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
        Assert.Equal(first.ApproximateFirstReceiveTimestampMs, second.ApproximateFirstReceiveTimestampMs);
    }

    [Fact]
    public async Task Delete_StaleHandleAfterReceivedAgain_SucceedsWithoutDeleting_CurrentHandleDeletes()
    {
        var queue = await _sqs.CreateAsync("stale");
        await _sqs.SendAsync(queue, "work");
        var first = Assert.Single(await _sqs.ReceiveAsync(queue, visibility: 0));
        var second = Assert.Single(await _sqs.ReceiveAsync(queue, visibility: 30));

        Assert.True((await _sqs.Messages.DeleteAsync(queue, first.ReceiptHandle)).Succeeded);
        Assert.Equal(1, _sqs.Messages.Counts(queue).Leased);
        Assert.True((await _sqs.Messages.DeleteAsync(queue, second.ReceiptHandle)).Succeeded);
        Assert.Equal(new(0, 0, 0), _sqs.Messages.Counts(queue));
    }

    [Fact]
    public async Task Delete_ForgedHandle_ReceiptHandleIsInvalidAndNothingDeleted()
    {
        var queue = await _sqs.CreateAsync("forged");
        var other = await _sqs.CreateAsync("other");
        await _sqs.SendAsync(other, "work");
        var received = Assert.Single(await _sqs.ReceiveAsync(other));

        var outcomes = await _sqs.Messages.DeleteAsync(queue, [received.ReceiptHandle, "forged"]);

        Assert.All(outcomes, outcome => Assert.Equal("ReceiptHandleIsInvalid", outcome.Error!.Error.Code));
        Assert.Equal(1, _sqs.Messages.Counts(other).Leased);
    }

    [Fact]
    public async Task ChangeVisibility_HeldExpiredAndStaleHandles_ExtendNotInflightAndInvalid()
    {
        var queue = await _sqs.CreateAsync("visibility");
        await _sqs.SendAsync(queue, "work");
        var first = Assert.Single(await _sqs.ReceiveAsync(queue, visibility: 10));

        await _sqs.Messages.ChangeVisibilityAsync(queue, first.ReceiptHandle, 60);
        _sqs.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(await _sqs.ReceiveAsync(queue));
        _sqs.Time.Advance(TimeSpan.FromSeconds(30));
        var notInFlight = await Assert.ThrowsAsync<SqsException>(() => _sqs.Messages.ChangeVisibilityAsync(queue, first.ReceiptHandle, 5));
        var second = Assert.Single(await _sqs.ReceiveAsync(queue));
        var stale = await Assert.ThrowsAsync<SqsException>(() => _sqs.Messages.ChangeVisibilityAsync(queue, first.ReceiptHandle, 5));

        Assert.Equal("MessageNotInflight", notInFlight.Error.Code);
        Assert.Equal("InvalidParameterValue", stale.Error.Code);
        await _sqs.Messages.ChangeVisibilityAsync(queue, second.ReceiptHandle, 0);
        Assert.Single(await _sqs.ReceiveAsync(queue));
    }

    [Fact]
    public async Task Send_DelaySeconds_DelayedUntilThenVisible()
    {
        var queue = await _sqs.CreateAsync("delayed", (SqsQueueAttributes.DelaySeconds, "5"));
        await _sqs.SendAsync(queue, "queue delay");
        await _sqs.SendAsync(queue, "own delay", delay: 20);

        Assert.Equal(new(0, 0, 2), _sqs.Messages.Counts(queue));
        _sqs.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["queue delay"], await _sqs.BodiesAsync(queue));
        _sqs.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(["own delay"], await _sqs.BodiesAsync(queue));
    }

    [Fact]
    public async Task Receive_PastRetention_NeverDeliveredAndGone()
    {
        var queue = await _sqs.CreateAsync("retention", (SqsQueueAttributes.MessageRetentionPeriod, "60"));
        await _sqs.SendAsync(queue, "old");
        _sqs.Time.Advance(TimeSpan.FromSeconds(30));
        await _sqs.SendAsync(queue, "young");
        _sqs.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(["young"], await _sqs.BodiesAsync(queue));
        Assert.Equal(new(0, 1, 0), _sqs.Messages.Counts(queue));
    }

    [Fact]
    public async Task Receive_LongPoll_ReturnsWhenASendCommits()
    {
        var queue = await _sqs.CreateAsync("poll");
        var polling = _sqs.Messages.ReceiveAsync(queue, 1, null, TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.False(polling.IsCompleted);

        await _sqs.SendAsync(queue, "wake up");

        var received = await polling.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("wake up", Assert.Single(received).Body);
    }

    [Fact]
    public async Task Receive_LongPollCancelled_ReturnsEmpty()
    {
        var queue = await _sqs.CreateAsync("cancelled");
        using var cancel = new CancellationTokenSource();
        var polling = _sqs.Messages.ReceiveAsync(queue, 1, null, TimeSpan.FromSeconds(20), cancel.Token);

        await cancel.CancelAsync();

        Assert.Empty(await polling.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Purge_TwiceWithinAMinute_SecondIsPurgeQueueInProgress()
    {
        var queue = await _sqs.CreateAsync("purge");
        await _sqs.SendAsync(queue, "a");
        await _sqs.Messages.PurgeAsync(queue);

        var second = await Assert.ThrowsAsync<SqsException>(() => _sqs.Messages.PurgeAsync(queue));

        Assert.Equal("PurgeQueueInProgress", second.Error.Code);
        Assert.Equal(new(0, 0, 0), _sqs.Messages.Counts(queue));
        _sqs.Time.Advance(TimeSpan.FromSeconds(60));
        await _sqs.Messages.PurgeAsync(queue);
    }
}
