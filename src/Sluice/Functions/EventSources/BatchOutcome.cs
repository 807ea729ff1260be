using Sluice.Functions.Scheduling;
using Sluice.Sqs.Messages;

namespace Sluice.Functions.EventSources;

/// <summary>
/// What becomes of a batch once the function has answered: the messages to delete, those left to become visible again
/// (so the queue's maxReceiveCount and dead-letter queue apply), and what went wrong when something did.
/// </summary>
public sealed record BatchOutcome(IReadOnlyList<SqsReceivedMessage> Delete, IReadOnlyList<SqsReceivedMessage> Retry, string? Problem)
{
    /// <summary>
    /// Lambda's rules: a function error fails the whole batch. Without ReportBatchItemFailures the return value is
    /// ignored. With it, a null or missing or empty <c>batchItemFailures</c> means all succeeded; listed identifiers are
    /// retried and the rest deleted; an unparseable response, or an entry whose <c>itemIdentifier</c> is null, empty or
    /// not in the batch, fails the whole batch. For FIFO, a group stops at its first failure: the messages after it in
    /// the same group are retried too, so that the group keeps its order.
    /// </summary>
    public static BatchOutcome Decide(IReadOnlyList<SqsReceivedMessage> batch, InvocationResult result, bool reportBatchItemFailures, bool fifo)
    {
        if (result.IsError)
            return new([], batch, $"the function failed ({result.ErrorType ?? result.FunctionError})");
        if (!reportBatchItemFailures)
            return new(batch, [], null);
        var ids = batch.Select(message => message.MessageId).ToHashSet(StringComparer.Ordinal);
        var (failed, problem) = PartialBatchResponse.FailedIdentifiers(result.Payload.Span, ids);
        if (problem is not null)
            return new([], batch, problem);
        if (failed.Count == 0)
            return new(batch, [], null);
        if (fifo)
            failed = WithLaterMessagesOfFailedGroups(batch, failed);
        return new([.. batch.Where(m => !failed.Contains(m.MessageId))], [.. batch.Where(m => failed.Contains(m.MessageId))], null);
    }

    private static HashSet<string> WithLaterMessagesOfFailedGroups(IReadOnlyList<SqsReceivedMessage> batch, HashSet<string> failed)
    {
        var stoppedGroups = new HashSet<string>(StringComparer.Ordinal);
        var retried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in batch)
        {
            var group = message.MessageGroupId ?? "";
            if (stoppedGroups.Contains(group) || failed.Contains(message.MessageId))
            {
                stoppedGroups.Add(group);
                retried.Add(message.MessageId);
            }
        }
        return retried;
    }
}
