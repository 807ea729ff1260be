using Sluice.Catalog;
using Sluice.Functions;
using Sluice.Functions.Async;
using Sluice.Hosting;

namespace Sluice.Events;

/// <summary>Makes a queued event invocation's S3 event message from its event log row (see <see cref="EventHandOff.HandOff"/>).</summary>
public sealed class S3EventPayloads(SluiceOptions options) : IQueuedPayloadSource
{
    public byte[]? Payload(CatalogConnection connection, long reference) =>
        EventLog.Find(connection, reference) is { } stored
            ? S3EventMessage.Create(stored.Change, stored.Entry.ConfigurationId ?? "", options.Region, options.AccountId)
            : null;
}
