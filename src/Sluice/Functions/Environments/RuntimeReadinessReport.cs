namespace Sluice.Functions.Environments;

/// <summary>
/// Prints <see cref="RuntimeReadiness"/>'s problems when the server starts. It runs beside the start-up rather than
/// in it (probing node's version starts a process), and never stops the server: only the affected runtime fails.
/// </summary>
public sealed class RuntimeReadinessReport(FunctionsOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        foreach (var problem in await RuntimeReadiness.ProblemsAsync(RuntimeReadiness.Machine.Current(options), stoppingToken))
            await Console.Error.WriteLineAsync($"sluice: warning: {problem}");
    }
}
