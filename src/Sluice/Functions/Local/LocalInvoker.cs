using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Functions.Definitions;
using Sluice.Functions.Environments;
using Sluice.Functions.Logs;
using Sluice.Functions.Scheduling;

namespace Sluice.Functions.Local;

/// <summary>
/// Runs one invocation without a server (`sluice invoke`): the same environment, Runtime API and
/// bootstraps as the server, on a folder or a zip.
/// </summary>
public static class LocalInvoker
{
    public sealed record Request(
        string Code, string Handler, string Runtime, byte[] Event, IReadOnlyDictionary<string, string> Environment,
        int Timeout, int MemorySize, string FunctionName, string? EndpointUrl);

    public sealed record Outcome(InvocationResult Result, string Log);

    public static async Task<Outcome> InvokeAsync(Request request, CancellationToken cancellationToken)
    {
        if (!RuntimeLauncher.IsSupported(request.Runtime))
            throw new ArgumentException($"unknown runtime {request.Runtime}; supported: {string.Join(", ", RuntimeLauncher.Supported)}");
        var scratch = Directory.CreateTempSubdirectory("sluice-invoke-").FullName;
        try
        {
            var codePath = PrepareCode(request.Code, scratch);
            var function = new FunctionDefinition
            {
                Name = request.FunctionName,
                Runtime = request.Runtime,
                Role = "arn:aws:iam::000000000000:role/local",
                Handler = request.Handler,
                Timeout = request.Timeout,
                MemorySize = request.MemorySize,
                Environment = new Dictionary<string, string>(request.Environment),
                CodeSha256 = "",
                CodePath = codePath,
                IsLocalFolder = true,
                LastModified = DateTimeOffset.UtcNow,
                RevisionId = Guid.NewGuid().ToString(),
            };
            var factory = new EnvironmentFactory(NullLoggerFactory.Instance, new FunctionsOptions(), "us-east-1", "000000000000",
                Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "test",
                Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "test",
                scratch, () => request.EndpointUrl);
            var invocation = new Invocation(Guid.NewGuid().ToString())
            {
                Payload = request.Event.Length == 0 ? "{}"u8.ToArray() : request.Event,
                FunctionArn = factory.FunctionArn(function.Name),
            };
            InvocationResult result;
            await using (var environment = await StartAsync(factory, function, invocation, cancellationToken))
            {
                result = environment is null
                    ? invocation.Result.Result
                    : await environment.InvokeAsync(invocation);
                var logs = new InvocationLogStore();
                var entry = await logs.CaptureAsync(function.Name, invocation, RuntimeLauncher.WritesEndMarkers(function.Runtime));
                return new Outcome(result, entry.Text);
            }
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); }
            catch (IOException) { }
        }
    }

    private static async Task<ExecutionEnvironment?> StartAsync(EnvironmentFactory factory, FunctionDefinition function, Invocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            return await factory.StartAsync(function, cancellationToken);
        }
        catch (EnvironmentStartException error)
        {
            invocation.Log.Append(error.Message);
            invocation.Log.CloseStream();
            invocation.TryComplete(InvocationResult.PlatformError(error.ErrorType, error.Message));
            return null;
        }
    }

    private static string PrepareCode(string code, string scratch)
    {
        var full = Path.GetFullPath(code);
        if (Directory.Exists(full))
            return full;
        if (!File.Exists(full))
            throw new FileNotFoundException($"no folder or zip at {code}");
        var folder = Path.Combine(scratch, "code");
        try
        {
            ZipFile.ExtractToDirectory(full, folder);
        }
        catch (InvalidDataException)
        {
            throw new ArgumentException($"{code} is not a valid zip file");
        }
        return folder;
    }
}
