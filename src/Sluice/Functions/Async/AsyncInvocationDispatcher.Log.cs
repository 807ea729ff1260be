namespace Sluice.Functions.Async;

public sealed partial class AsyncInvocationDispatcher
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Async dispatch failed; retrying shortly")]
        public static partial void DispatchFailed(ILogger logger, Exception error);

        [LoggerMessage(2, LogLevel.Error, "Async invocation {RequestId} of {Function} failed inside Sluice")]
        public static partial void InvocationCrashed(ILogger logger, string function, string requestId, Exception error);

        [LoggerMessage(3, LogLevel.Information, "Async invocation {RequestId} of {Function} failed: {Condition} ({Outcome}) after {Attempts} attempts")]
        public static partial void InvocationFailed(ILogger logger, string function, string requestId, string condition, string outcome, int attempts);

        [LoggerMessage(4, LogLevel.Error, "Recording finished async invocations failed; trying again shortly")]
        public static partial void CompletionWriteFailed(ILogger logger, Exception error);

        [LoggerMessage(5, LogLevel.Error, "Renewing the leases of async invocations failed; trying again shortly")]
        public static partial void RenewalFailed(ILogger logger, Exception error);
    }
}
