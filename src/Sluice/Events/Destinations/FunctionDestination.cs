using Sluice.Catalog;
using Sluice.Functions;
using Sluice.Functions.Async;
using Sluice.Functions.Definitions;

namespace Sluice.Events.Destinations;

/// <summary>Events to a Lambda function: an async invocation whose S3 event message is made from the log row when it runs.</summary>
public sealed class FunctionDestination(FunctionRegistry functions, AsyncInvocationQueue invocations) : IEventDestination
{
    public DestinationKind Kind => DestinationKind.Function;

    public string? Problem(NotificationRule rule) =>
        LambdaArns.FunctionName(rule.DestinationArn) is not { } name
            ? "The ARN could not be parsed"
            : functions.Find(name) is null ? "The destination Lambda does not exist" : null;

    public (Delivery? To, string? Undeliverable) Prepare(NotificationRule rule)
    {
        var name = LambdaArns.FunctionName(rule.DestinationArn);
        return name is not null && functions.Find(name) is not null
            ? (new Delivery(AsyncInvocationQueue.NewRequestId(), name), null)
            : (null, $"function {name ?? rule.DestinationArn} does not exist");
    }

    /// <summary>S3 sends no test event to a function.</summary>
    public void Configured(CatalogConnection connection, NotificationRule rule, string bucket, DateTimeOffset at)
    {
    }

    /// <summary>
    /// The queue row refers to the log row, whose fields the invocation's message is made of when the dispatcher reads it
    /// (<see cref="S3EventPayloads"/>): the upload writes them once.
    /// </summary>
    public void Enqueue(CatalogConnection connection, Delivery delivery, long eventId, DateTimeOffset at) =>
        invocations.EnqueueReference(connection, delivery.Target, eventId, at.ToUnixTimeMilliseconds(), delivery.Id);

    public PendingDelivery? Pending(CatalogConnection connection, string deliveryId) =>
        AsyncInvocationQueue.Pending(connection, deliveryId) is { } pending
            ? new PendingDelivery(pending.Attempts, pending.NextAttemptAt, pending.LastError)
            : null;

    public (EventStatus Status, string? Reason) Outcome(CatalogConnection connection, string deliveryId)
    {
        var attempts = AsyncInvocationAttempts.For(connection, deliveryId);
        if (attempts.Count == 0) return (EventStatus.Failed, "after leaving the queue with no attempt on record");
        return attempts[^1].Outcome == AsyncInvocationAttempts.Success
            ? (EventStatus.Delivered, null)
            : (EventStatus.Failed, $"after {attempts.Count} attempt{(attempts.Count == 1 ? "" : "s")}: {attempts[^1].Outcome}");
    }

    public Action? RetryNow(CatalogConnection connection, string deliveryId, DateTimeOffset now) =>
        invocations.MakeDueNow(connection, deliveryId, now.ToUnixTimeMilliseconds()) ? invocations.Wake : null;

    public void Wake() => invocations.Wake();
}
