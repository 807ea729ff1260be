using System.IO.Compression;
using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

/// <summary>
/// A server for the functions tests, with the async retry delay shortened from AWS's minute so
/// retry tests finish in seconds. Tests use their own function names.
/// </summary>
public sealed class FunctionsServerFixture : IAsyncLifetime
{
    public const string Role = "arn:aws:iam::000000000000:role/lambda-role";

    public FunctionsServerFixture()
    {
        ShortenTimings();
        Server = new SluiceProcess();
    }

    public SluiceProcess Server { get; }
    public AwsCli Cli => new(Server.Endpoint);
    public string Endpoint => Server.Endpoint;

    /// <summary>
    /// The child server inherits these from the test process: retries 200 ms apart, and leases of 5 s, so that what was
    /// leased when a crash test killed the server is handed out again soon after the restart.
    /// </summary>
    public static void ShortenTimings()
    {
        Environment.SetEnvironmentVariable("SLUICE_FUNCTIONS_ASYNC_RETRY_DELAY_MS", "200");
        Environment.SetEnvironmentVariable("SLUICE_FUNCTIONS_ASYNC_LEASE_MS", "5000");
    }

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public static string UniqueName(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..Math.Min(64, purpose.Length + 13)];

    /// <summary>Writes a zip of the given files (bootstrap and *.sh are executable) and returns its path.</summary>
    public static string Zip(IReadOnlyDictionary<string, string> files)
    {
        var path = Path.Combine(Path.GetTempPath(), "sluice-fn-" + Guid.NewGuid().ToString("N") + ".zip");
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in files)
        {
            var entry = archive.CreateEntry(name);
            var executable = name == "bootstrap" || name.EndsWith(".sh", StringComparison.Ordinal);
            entry.ExternalAttributes = (executable ? 0b1_000_111_101_101 : 0b1_000_110_100_100) << 16; // regular file 0755 / 0644
            using var writer = new StreamWriter(entry.Open());
            writer.Write(content);
        }
        return path;
    }

    /// <summary>
    /// Creates a function; unless the test sets its own --timeout, a generous one, so that a loaded CI machine
    /// (2 cores running parallel tests) is not mistaken for a slow handler.
    /// </summary>
    public Task<string> CreateFunctionAsync(string name, string runtime, string handler, IReadOnlyDictionary<string, string> files, params string[] extra) =>
        Cli.RunOkAsync(["lambda", "create-function", "--function-name", name, "--runtime", runtime, "--handler", handler,
            "--role", Role, "--zip-file", "fileb://" + Zip(files), .. extra, .. extra.Contains("--timeout") ? Array.Empty<string>() : ["--timeout", "30"]]);

    /// <summary>`aws lambda invoke`; returns the CLI's output document and the response payload.</summary>
    public async Task<(JsonElement Output, string Payload)> InvokeAsync(string name, string payload, params string[] extra)
    {
        var eventFile = Path.GetTempFileName();
        var outFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(eventFile, payload);
        var stdout = await Cli.RunOkAsync(["lambda", "invoke", "--function-name", name, "--payload", "fileb://" + eventFile, .. extra, outFile]);
        var body = await File.ReadAllTextAsync(outFile);
        File.Delete(eventFile);
        File.Delete(outFile);
        return (JsonDocument.Parse(stdout).RootElement.Clone(), body);
    }

    /// <summary>Runs a boto3 script (the Python SDK) against the server; ENDPOINT is in the environment.</summary>
    public Task<ProcessResult> Boto3Async(string script, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync("python3", ["-c", script],
            new Dictionary<string, string?>(AwsCli.Environment) { ["ENDPOINT"] = Endpoint }, timeout: timeout);
}

[CollectionDefinition(Name)]
public sealed class FunctionsCollection : ICollectionFixture<FunctionsServerFixture>
{
    public const string Name = "functions server";
}
