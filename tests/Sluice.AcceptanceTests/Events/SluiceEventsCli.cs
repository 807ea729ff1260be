using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Events;

/// <summary>`sluice events list | replay | redeliver` against a test server, run as a user runs them.</summary>
public sealed class SluiceEventsCli(string endpoint)
{
    public Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [SluiceProcess.SluiceDll, "events", .. arguments, "--endpoint-url", endpoint], AwsCli.Environment);

    /// <summary>The bucket's events as the JSON endpoint gives them, newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> ListAsync(string bucket)
    {
        var result = (await RunAsync("list", "--bucket", bucket, "--limit", "1000", "--json")).EnsureSuccess("sluice events list");
        return [.. JsonDocument.Parse(result.Stdout).RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>
    /// Waits until none of the bucket's events is still in a function's queue, so that what the
    /// handlers recorded is final and can be compared for "exactly".
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> WaitUntilSettledAsync(string bucket, int atLeast)
    {
        IReadOnlyList<JsonElement> events = [];
        await Poll.UntilAsync(async () =>
        {
            events = await ListAsync(bucket);
            return events.Count >= atLeast && events.All(e => !e.TryGetProperty("pending", out _));
        }, TimeSpan.FromSeconds(60), () => $"the {atLeast} events of bucket {bucket} to leave the functions' queues; the log has:\n"
            + string.Join('\n', events.Select(e => e.ToString())));
        return events;
    }
}
