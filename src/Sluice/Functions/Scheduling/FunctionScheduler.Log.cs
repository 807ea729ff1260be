namespace Sluice.Functions.Scheduling;

public sealed partial class FunctionScheduler
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Reaped idle environment {Id} of {Function}")]
        public static partial void Reaped(ILogger logger, long id, string function);
    }
}
