using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Sqs;
using Sluice.Sqs.Queues;
using Sluice.Sqs.Redrive;

namespace Sluice.Tests.Sqs;

public sealed class MessageMoveTasksTests : IAsyncDisposable
{
    private readonly SqsTestContext _sqs = new();
    private readonly MessageMoveTasks _tasks;

    public MessageMoveTasksTests() =>
        _tasks = new MessageMoveTasks(_sqs.Catalog, _sqs.Queues, _sqs.Messages, _sqs.Time, NullLogger<MessageMoveTasks>.Instance);

    public ValueTask DisposeAsync() => _sqs.DisposeAsync();

    private async Task<(SqsQueue Source, SqsQueue Dlq)> DeadLetteredAsync(string name, params string[] bodies)
    {
        var dlq = await _sqs.CreateAsync(name + "-dlq");
        var source = await _sqs.Queues.SetAttributesAsync(await _sqs.CreateAsync(name), new Dictionary<string, string>
        {
            [RedrivePolicy.Attribute] = $"{{\"deadLetterTargetArn\":\"{dlq.Arn}\",\"maxReceiveCount\":1}}",
        });
        foreach (var body in bodies) await _sqs.SendAsync(source, body);
        Assert.Equal(bodies.Length, (await _sqs.ReceiveAsync(source, visibility: 0)).Count);
        Assert.Empty(await _sqs.ReceiveAsync(source));
        return (source, dlq);
    }

    private async Task<MessageMoveTask> FinishedAsync(SqsQueue dlq)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var task = Assert.Single(_tasks.List(dlq.Arn, null));
            if (task.Status != MessageMoveTask.Running) return task;
            Assert.True(DateTime.UtcNow < deadline, "the move task did not finish within 10 s");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task StartTask_NoDestination_MovesEachMessageBackToItsSourceAsNewWork()
    {
        var (source, dlq) = await DeadLetteredAsync("back", "one", "two");

        await _tasks.StartTaskAsync(dlq.Arn, null, null);
        var finished = await FinishedAsync(dlq);

        Assert.Equal((MessageMoveTask.Completed, 2L, 2L), (finished.Status, finished.ApproximateNumberOfMessagesMoved, finished.ApproximateNumberOfMessagesToMove));
        var again = await _sqs.ReceiveAsync(source);
        Assert.Equal(["one", "two"], again.Select(message => message.Body));
        Assert.All(again, message => Assert.Equal(1, message.ApproximateReceiveCount));
        Assert.Equal(new(0, 0, 0), _sqs.Messages.Counts(dlq));
    }

    [Fact]
    public async Task StartTask_WithDestination_MovesThere()
    {
        var (_, dlq) = await DeadLetteredAsync("elsewhere", "x");
        var destination = await _sqs.CreateAsync("destination");

        await _tasks.StartTaskAsync(dlq.Arn, destination.Arn, 10);
        await FinishedAsync(dlq);

        Assert.Equal(["x"], await _sqs.BodiesAsync(destination));
    }

    [Fact]
    public async Task StartTask_NotADeadLetterQueueOrMissing_RefusedAndNothingRecorded()
    {
        var plain = await _sqs.CreateAsync("plain");

        var notDlq = await Assert.ThrowsAsync<SqsException>(() => _tasks.StartTaskAsync(plain.Arn, null, null));
        var missing = await Assert.ThrowsAsync<SqsException>(() => _tasks.StartTaskAsync(plain.Arn + "-missing", null, null));

        Assert.Equal(("InvalidParameterValue", "ResourceNotFoundException"), (notDlq.Error.Code, missing.Error.Code));
        Assert.Empty(_tasks.List(plain.Arn, 10));
    }
}
