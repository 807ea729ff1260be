using Sluice.Catalog;
using Sluice.Functions;

namespace Sluice.Events;

/// <summary>Where queued event invocations stand, as the functions' durable queue reports them.</summary>
public static class PendingDeliveries
{
    public static PendingDelivery? Find(CatalogConnection connection, string invocationId) =>
        AsyncInvocationQueue.Pending(connection, invocationId) is { } pending
            ? new PendingDelivery(pending.Attempts, pending.NextAttemptAt, pending.LastError)
            : null;
}
