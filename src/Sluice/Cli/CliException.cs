namespace Sluice.Cli;

/// <summary>
/// A failure a command reports as one line (<c>sluice: …</c>) with the exit code it means: 2 when the command line
/// itself is wrong (bad or missing arguments, files given as arguments that are not there), 1 when the work failed.
/// </summary>
public sealed class CliException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public const int FailureExitCode = 1;
    public const int UsageExitCode = 2;

    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(UsageExitCode, message);

    public static CliException Failed(string message, Exception? inner = null) => new(FailureExitCode, message, inner);
}
