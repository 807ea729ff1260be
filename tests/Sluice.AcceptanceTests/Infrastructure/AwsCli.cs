namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>Runs the real AWS CLI against a Sluice endpoint with the test credentials.</summary>
public sealed class AwsCli(string endpoint)
{
    public Task<ProcessResult> RunAsync(params string[] arguments) => RunInAsync(null, arguments);

    public Task<ProcessResult> RunInAsync(string? workingDirectory, params string[] arguments) =>
        ProcessRunner.RunAsync(Tools.Aws, ["--endpoint-url", endpoint, "--region", "us-east-1", .. arguments], Environment, workingDirectory);

    public async Task<string> RunOkAsync(params string[] arguments) =>
        (await RunAsync(arguments)).EnsureSuccess("aws " + string.Join(' ', arguments)).Stdout;

    public static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["AWS_ACCESS_KEY_ID"] = SluiceProcess.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SluiceProcess.SecretKey,
        ["AWS_DEFAULT_REGION"] = "us-east-1",
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        ["AWS_PAGER"] = "",
    };
}
