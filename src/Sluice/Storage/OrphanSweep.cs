namespace Sluice.Storage;

/// <summary>
/// Removes what a crash left behind (temp files, blobs without a row) in the background, so that
/// start-up time does not grow with the number of stored objects.
/// </summary>
public sealed partial class OrphanSweep(ObjectStore store, ILogger<OrphanSweep> logger) : BackgroundService
{
    private readonly DateTime _startedAt = DateTime.UtcNow;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        var removed = store.RemoveOrphans(_startedAt);
        if (removed > 0) LogRemoved(logger, removed);
    }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {Count} files left by an interrupted write (temp files or blobs without a catalog row).")]
    private static partial void LogRemoved(ILogger logger, int count);
}
