using Sluice.Catalog;

namespace Sluice.Functions.Async;

/// <summary>
/// Makes the payload of a queued invocation that was enqueued with a reference instead of its bytes (see
/// <see cref="AsyncInvocationQueue.EnqueueReference"/>): an S3 event's message is made from the fields its event log
/// row keeps, so that the upload that produced it writes those fields once rather than a second time as a message.
/// </summary>
public interface IQueuedPayloadSource
{
    /// <summary>The payload for the reference, read on the caller's connection; null when what it refers to is gone.</summary>
    byte[]? Payload(CatalogConnection connection, long reference);
}
