namespace Sluice.Functions.Environments;

public sealed partial class ExecutionEnvironment
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Environment {Id} of {Function} started: pid {Pid}, Runtime API {RuntimeApi}")]
        public static partial void EnvironmentStarted(ILogger logger, long id, string function, int pid, string runtimeApi);

        [LoggerMessage(2, LogLevel.Debug, "Environment {Id} of {Function} stopping: {Reason}")]
        public static partial void EnvironmentStopping(ILogger logger, long id, string function, string reason);

        [LoggerMessage(3, LogLevel.Debug, "Environment {Id} of {Function} exited with code {ExitCode}")]
        public static partial void EnvironmentExited(ILogger logger, long id, string function, int exitCode);
    }
}
