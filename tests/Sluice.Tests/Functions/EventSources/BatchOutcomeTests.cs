using System.Text;
using Sluice.Functions.EventSources;
using Sluice.Functions.Scheduling;
using Sluice.Sqs.Messages;

namespace Sluice.Tests.Functions.EventSources;

public sealed class BatchOutcomeTests
{
    private static readonly SqsReceivedMessage[] Batch = [SqsMessages.Standard("a"), SqsMessages.Standard("b"), SqsMessages.Standard("c")];

    private static InvocationResult Returned(string json) => InvocationResult.Success(Encoding.UTF8.GetBytes(json));

    private static string[] Ids(IEnumerable<SqsReceivedMessage> messages) => [.. messages.Select(m => m.MessageId)];

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"batchItemFailures":null}""")]
    [InlineData("""{"batchItemFailures":[]}""")]
    public void Decide_EmptyOrNullFailures_DeletesTheWholeBatch(string response)
    {
        var outcome = BatchOutcome.Decide(Batch, Returned(response), reportBatchItemFailures: true, fifo: false);

        Assert.Equal(["a", "b", "c"], Ids(outcome.Delete));
        Assert.Empty(outcome.Retry);
        Assert.Null(outcome.Problem);
    }

    [Fact]
    public void Decide_ListedIdentifiers_RetriesOnlyThose()
    {
        var outcome = BatchOutcome.Decide(Batch, Returned("""{"batchItemFailures":[{"itemIdentifier":"b"}]}"""), true, false);

        Assert.Equal(["a", "c"], Ids(outcome.Delete));
        Assert.Equal(["b"], Ids(outcome.Retry));
        Assert.Null(outcome.Problem);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("\"ok\"")]
    [InlineData("[1]")]
    [InlineData("""{"batchItemFailures":"b"}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":null}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":""}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifiers":"b"}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"zzz"}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"b"},{"itemIdentifier":"zzz"}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":7}]}""")]
    [InlineData("""{"batchItemFailures":["b"]}""")]
    public void Decide_MalformedResponse_FailsTheWholeBatch(string response)
    {
        var outcome = BatchOutcome.Decide(Batch, Returned(response), true, false);

        Assert.Empty(outcome.Delete);
        Assert.Equal(["a", "b", "c"], Ids(outcome.Retry));
        Assert.NotNull(outcome.Problem);
    }

    [Fact]
    public void Decide_WithoutReportBatchItemFailures_IgnoresTheReturnValue()
    {
        var outcome = BatchOutcome.Decide(Batch, Returned("""{"batchItemFailures":[{"itemIdentifier":"zzz"}]}"""), false, false);

        Assert.Equal(["a", "b", "c"], Ids(outcome.Delete));
        Assert.Empty(outcome.Retry);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Decide_FunctionError_FailsTheWholeBatch(bool reportBatchItemFailures)
    {
        var error = InvocationResult.Unhandled(Encoding.UTF8.GetBytes("""{"errorMessage":"boom"}"""), "Error");

        var outcome = BatchOutcome.Decide(Batch, error, reportBatchItemFailures, false);

        Assert.Empty(outcome.Delete);
        Assert.Equal(["a", "b", "c"], Ids(outcome.Retry));
        Assert.Contains("Error", outcome.Problem);
    }

    [Fact]
    public void Decide_FifoFailure_RetriesTheFailedMessageAndTheRestOfItsGroup()
    {
        SqsReceivedMessage[] batch =
        [
            SqsMessages.Fifo("g1-1", "g1"), SqsMessages.Fifo("g2-1", "g2"), SqsMessages.Fifo("g1-2", "g1"),
            SqsMessages.Fifo("g2-2", "g2"), SqsMessages.Fifo("g1-3", "g1"),
        ];

        var outcome = BatchOutcome.Decide(batch, Returned("""{"batchItemFailures":[{"itemIdentifier":"g1-2"}]}"""), true, fifo: true);

        Assert.Equal(["g1-1", "g2-1", "g2-2"], Ids(outcome.Delete));
        Assert.Equal(["g1-2", "g1-3"], Ids(outcome.Retry));
    }

    [Fact]
    public void Decide_StandardQueueFailure_RetriesOnlyTheListedMessage()
    {
        SqsReceivedMessage[] batch = [SqsMessages.Fifo("g1-1", "g1"), SqsMessages.Fifo("g1-2", "g1"), SqsMessages.Fifo("g1-3", "g1")];

        var outcome = BatchOutcome.Decide(batch, Returned("""{"batchItemFailures":[{"itemIdentifier":"g1-2"}]}"""), true, fifo: false);

        Assert.Equal(["g1-2"], Ids(outcome.Retry));
    }
}
