using System.Text;
using Sluice.Catalog;
using Sluice.Hosting;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;

namespace Sluice.Events.Destinations;

/// <summary>
/// Events to an SQS queue (QueueConfiguration): the S3 event message becomes a message of the queue in the write's own
/// transaction, so an acknowledged upload always has its message. Delivered once it is on the queue, as S3 counts it.
/// </summary>
public sealed class QueueDestination(SqsQueueStore queues, SqsMessageStore messages, SluiceOptions options) : IEventDestination
{
    /// <summary>The sender S3's messages carry (SenderId): the service, as AWS shows for messages a service sends.</summary>
    private const string SenderId = "s3.amazonaws.com";

    private static readonly IReadOnlyDictionary<string, SqsMessageAttributeValue> NoAttributes = new Dictionary<string, SqsMessageAttributeValue>();

    public DestinationKind Kind => DestinationKind.Queue;

    public string? Problem(NotificationRule rule) => queues.FindByArn(rule.DestinationArn) switch
    {
        null => "The destination queue does not exist",
        { IsFifo: true } => "FIFO queues are not supported as S3 event notification destinations",
        _ => null,
    };

    public (Delivery? To, string? Undeliverable) Prepare(NotificationRule rule) =>
        queues.FindByArn(rule.DestinationArn) is { IsFifo: false } queue
            ? (new Delivery(Guid.NewGuid().ToString(), queue.Name), null)
            : (null, $"queue {rule.DestinationArn} does not exist");

    public void Enqueue(CatalogConnection connection, Delivery delivery, long eventId, DateTimeOffset at)
    {
        if (queues.Find(delivery.Target) is not { } queue || EventLog.Find(connection, eventId) is not { } stored) return;
        var body = S3EventMessage.Create(stored.Change, stored.Entry.ConfigurationId ?? "", options.Region, options.AccountId);
        Send(connection, queue, Encoding.UTF8.GetString(body), at);
    }

    /// <summary>S3 sends a queue an <c>s3:TestEvent</c> when a configuration naming it is set.</summary>
    public void Configured(CatalogConnection connection, NotificationRule rule, string bucket, DateTimeOffset at)
    {
        if (queues.FindByArn(rule.DestinationArn) is { IsFifo: false } queue)
            Send(connection, queue, S3TestEvent.Create(bucket, at), at);
    }

    public PendingDelivery? Pending(CatalogConnection connection, string deliveryId) => null;

    public (EventStatus Status, string? Reason) Outcome(CatalogConnection connection, string deliveryId) => (EventStatus.Delivered, null);

    /// <summary>A message on a queue is delivered; there is no attempt to bring forward.</summary>
    public Action? RetryNow(CatalogConnection connection, string deliveryId, DateTimeOffset now) => null;

    /// <summary>The message store wakes the queue's long polls itself once the write commits.</summary>
    public void Wake()
    {
    }

    private void Send(CatalogConnection connection, SqsQueue queue, string body, DateTimeOffset at) =>
        messages.Enqueue(connection, queue, new SqsNewMessage(body, NoAttributes, null, null, null, null), SenderId, at.ToUnixTimeMilliseconds());
}
