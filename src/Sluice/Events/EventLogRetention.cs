using Sluice.Catalog;
using Sluice.Functions;

namespace Sluice.Events;

/// <summary>
/// Keeps the event log from growing without end: every hour, events older than the attempts' retention whose story is
/// over are removed (see <see cref="EventLog.Prune"/>). The same age as the attempts because a delivered event's status
/// is read from its attempts; without them it could only say that it left the queue. Removal goes in slices, each a
/// write without an fsync of its own, so that a large backlog of old rows never holds up the writes of requests.
/// </summary>
public sealed partial class EventLogRetention(
    ICatalog catalog, EventHandOff handOff, FunctionsOptions options, TimeProvider time, ILogger<EventLogRetention> logger)
    : BackgroundService
{
    private const int RowsPerSlice = 2000;
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>The first pass waits until start-up is long over, and still comes soon for a server that lives less than an hour.</summary>
    private static readonly TimeSpan FirstPassAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Cancellation at shutdown ends this method with OperationCanceledException, which the host expects.
        await Task.Delay(FirstPassAfter, time, stoppingToken);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var removed = await PruneAsync(time.GetUtcNow() - options.AsyncAttemptRetention);
                if (removed > 0) LogPruned(logger, removed);
            }
            catch (CatalogException error)
            {
                LogPruneFailed(logger, error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Removes the finished events from before the cutoff, a slice at a time; returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff)
    {
        var total = 0;
        while (true)
        {
            var removed = 0;
            await catalog.WriteWithoutSyncAsync(connection => removed = EventLog.Prune(connection, cutoff, RowsPerSlice, handOff.DeliveryPending));
            total += removed;
            if (removed < RowsPerSlice) return total;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove old events from the event log; the next pass tries again.")]
    private static partial void LogPruneFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} finished events older than the event log's retention.")]
    private static partial void LogPruned(ILogger logger, int count);
}
