namespace Sluice.Functions.EventSources;

public sealed partial class SqsPoller
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "The poller of event source mapping {Uuid} failed")]
        public static partial void PollerFailed(ILogger logger, string uuid, Exception error);

        [LoggerMessage(2, LogLevel.Error, "A batch of event source mapping {Uuid} failed inside Sluice")]
        public static partial void InvocationCrashed(ILogger logger, string uuid, Exception error);

        [LoggerMessage(3, LogLevel.Error, "Deleting a processed batch of event source mapping {Uuid} failed; its messages run again")]
        public static partial void DeleteFailed(ILogger logger, string uuid, Exception error);

        [LoggerMessage(4, LogLevel.Warning, "Giving back messages of event source mapping {Uuid} failed; they return when their visibility timeout ends")]
        public static partial void ReleaseFailed(ILogger logger, string uuid, Exception error);

        [LoggerMessage(5, LogLevel.Information, "A batch of {Count} messages of event source mapping {Uuid} failed: {Problem}")]
        public static partial void BatchFailed(ILogger logger, string uuid, int count, string problem);
    }
}
