namespace Sluice.Functions.Runtime;

/// <summary>
/// Writes to the invocation's log (what `sluice logs` and <c>LogType: Tail</c> show), one line per
/// call, stamped with time, request id and level as Lambda's .NET runtime does.
/// </summary>
public interface ILambdaLogger
{
    /// <summary>Logs a message at level <c>info</c>.</summary>
    void Log(string message);

    /// <summary>Logs a message at level <c>info</c>.</summary>
    void LogLine(string message);

    /// <summary>Logs a message at the given level (e.g. <c>debug</c>, <c>info</c>, <c>warn</c>, <c>error</c>).</summary>
    void Log(string level, string message);

    /// <summary>Logs a message at level <c>debug</c>.</summary>
    void LogDebug(string message) => Log("debug", message);

    /// <summary>Logs a message at level <c>info</c>.</summary>
    void LogInformation(string message) => Log("info", message);

    /// <summary>Logs a message at level <c>warn</c>.</summary>
    void LogWarning(string message) => Log("warn", message);

    /// <summary>Logs a message at level <c>error</c>.</summary>
    void LogError(string message) => Log("error", message);
}
