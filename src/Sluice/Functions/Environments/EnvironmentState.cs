namespace Sluice.Functions.Environments;

/// <summary>
/// Lifecycle of an execution environment:
/// Starting → (first invocation handed over) Invoking ⇄ Idle → Stopping → Stopped.
/// A timeout, a crash, an init error or the reaper moves it to Stopping; it is never reused after that.
/// </summary>
public enum EnvironmentState
{
    Starting,
    Idle,
    Invoking,
    Stopping,
    Stopped,
}
