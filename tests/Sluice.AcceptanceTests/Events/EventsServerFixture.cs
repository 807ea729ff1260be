using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.AcceptanceTests.Functions;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Events;

/// <summary>
/// A server for the S3-events tests, with the async retry delay shortened as for the functions tests.
/// Tests use their own bucket and function names.
/// </summary>
public sealed partial class EventsServerFixture : IAsyncLifetime
{
    public EventsServerFixture()
    {
        FunctionsServerFixture.ShortenTimings();
        Server = new SluiceProcess();
    }

    public SluiceProcess Server { get; }
    public string Endpoint => Server.Endpoint;
    public AwsCli Cli => new(Server.Endpoint);
    public SluiceEventsCli Events => new(Server.Endpoint);

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Runs a boto3 script that prints one JSON document; ENDPOINT is in its environment.</summary>
    public async Task<JsonElement> Boto3Async(string script, string what, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>(AwsCli.Environment) { ["ENDPOINT"] = Endpoint };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            variables[name] = value;
        var result = await ProcessRunner.RunAsync("python3", ["-c", script], variables);
        return JsonDocument.Parse(result.EnsureSuccess(what).Stdout).RootElement.Clone();
    }

    /// <summary>
    /// Runs an AWS CLI write with --debug and returns the x-amz-request-id of the named operation's
    /// response (the CLI prints no response metadata otherwise) and its JSON output (s3api commands).
    /// </summary>
    public async Task<(string RequestId, JsonElement? Output)> CliWriteAsync(string operation, params string[] arguments)
    {
        var result = (await Cli.RunAsync([.. arguments, "--debug"])).EnsureSuccess("aws " + string.Join(' ', arguments));
        var request = result.Stderr.IndexOf($"Making request for OperationModel(name={operation})", StringComparison.Ordinal);
        Assert.True(request >= 0, $"the CLI made no {operation} request:\n{result.Stderr[^Math.Min(4000, result.Stderr.Length)..]}");
        var id = RequestIdHeader().Match(result.Stderr, request);
        Assert.True(id.Success, $"no x-amz-request-id in the CLI's debug output after {operation}");
        // s3api commands print a JSON document; `aws s3` commands print progress lines.
        JsonElement? output = result.Stdout.TrimStart().StartsWith('{') ? JsonDocument.Parse(result.Stdout).RootElement.Clone() : null;
        return (id.Groups[1].Value, output);
    }

    /// <summary>A file of the given size with random content.</summary>
    public static string TempFile(int size)
    {
        var path = Path.Combine(Path.GetTempPath(), "sluice-events-body-" + Guid.NewGuid().ToString("N"));
        var content = new byte[size];
        Random.Shared.NextBytes(content);
        File.WriteAllBytes(path, content);
        return path;
    }

    [GeneratedRegex(@"'x-amz-request-id': '([0-9A-Za-z]+)'")]
    private static partial Regex RequestIdHeader();
}

[CollectionDefinition(Name)]
public sealed class EventsCollection : ICollectionFixture<EventsServerFixture>
{
    public const string Name = "events server";
}
