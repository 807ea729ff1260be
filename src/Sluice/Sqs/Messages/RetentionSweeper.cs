using Sluice.Catalog;
using Sluice.Queueing;
using Sluice.Sqs.Queues;

namespace Sluice.Sqs.Messages;

/// <summary>
/// Removes messages past their queue's retention period and FIFO deduplication ids past their window. A receive never
/// returns an expired message even before this runs (the lease drops it); this keeps queues nobody reads from growing.
/// </summary>
internal sealed partial class RetentionSweeper(ICatalog catalog, SqsQueueStore queues, TimeProvider time, ILogger<RetentionSweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync();
            }
            catch (CatalogException failure)
            {
                LogSweepFailed(logger, failure);
            }
        }
    }

    /// <summary>One sweep: an expired message or id is gone for good, so losing this write in a power failure only defers it.</summary>
    internal Task SweepAsync()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var all = queues.List(prefix: null);
        return catalog.WriteWithoutSyncAsync(connection =>
        {
            foreach (var queue in all)
                LeasedQueue.Expire(connection, queue.LeasedQueueName, now - queue.MessageRetentionPeriodSeconds * 1000L);
            SqsDeduplication.Forget(connection, now);
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS retention sweep failed; it runs again shortly")]
    private static partial void LogSweepFailed(ILogger logger, Exception failure);
}
