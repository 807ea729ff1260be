using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using Sluice.Functions.Definitions;

namespace Sluice.Functions.Environments;

/// <summary>What every environment shares: where Sluice is, which credentials and region to hand out, the transport.</summary>
public sealed class EnvironmentFactory
{
    private readonly Func<string?> _sluiceEndpoint;
    private readonly string _tempRoot;

    public EnvironmentFactory(
        ILoggerFactory loggerFactory,
        FunctionsOptions options,
        string region,
        string accountId,
        string accessKey,
        string secretKey,
        string dataPath,
        Func<string?> sluiceEndpoint,
        TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        LoggerFactory = loggerFactory;
        Options = options;
        Region = region;
        AccountId = accountId;
        AccessKey = accessKey;
        SecretKey = secretKey;
        _sluiceEndpoint = sluiceEndpoint;
        _tempRoot = Path.Combine(dataPath, "functions", "tmp");
        Transport = new SocketTransportFactory(Microsoft.Extensions.Options.Options.Create(new SocketTransportOptions()), loggerFactory);
    }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The clock of environments and the scheduler: idle times, deadlines, log timestamps.</summary>
    public TimeProvider Time { get; }
    public FunctionsOptions Options { get; }
    public string Region { get; }
    public string AccountId { get; }
    public string AccessKey { get; }
    public string SecretKey { get; }
    public IConnectionListenerFactory Transport { get; }

    public string FunctionArn(string name) => $"arn:aws:lambda:{Region}:{AccountId}:function:{name}";

    public async Task<ExecutionEnvironment> StartAsync(FunctionDefinition function, CancellationToken cancellationToken, bool background = false)
    {
        var environment = new ExecutionEnvironment(this, function, background);
        try
        {
            await environment.StartAsync(cancellationToken);
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
        return environment;
    }

    internal string CreateTempFolder(long environmentId)
    {
        var folder = Path.Combine(_tempRoot, environmentId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The variables Lambda sets, plus the endpoint and credentials that reach this Sluice.</summary>
    internal void ApplyEnvironment(IDictionary<string, string?> variables, FunctionDefinition function, string runtimeApi, string tempFolder)
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        var home = Environment.GetEnvironmentVariable("HOME");
        var dotnetRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        variables.Clear();
        foreach (var (name, value) in function.Environment)
            variables[name] = value;

        variables["PATH"] = path;
        variables["HOME"] = home;
        if (dotnetRoot is not null) variables["DOTNET_ROOT"] = dotnetRoot;
        variables["TMPDIR"] = tempFolder;
        variables["LANG"] = "en_US.UTF-8";
        variables["TZ"] = ":UTC";
        variables["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        variables["_HANDLER"] = function.Handler;
        variables["LAMBDA_TASK_ROOT"] = function.CodePath;
        variables["LAMBDA_RUNTIME_DIR"] = RuntimeLauncher.RuntimesFolder;
        variables["AWS_LAMBDA_FUNCTION_NAME"] = function.Name;
        variables["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function.MemorySize.ToString(CultureInfo.InvariantCulture);
        variables["AWS_LAMBDA_FUNCTION_TIMEOUT"] = function.Timeout.ToString(CultureInfo.InvariantCulture);
        variables["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + function.Name;
        variables["AWS_LAMBDA_LOG_STREAM_NAME"] =
            $"{Time.GetUtcNow():yyyy/MM/dd}/[$LATEST]{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        variables["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        variables["AWS_REGION"] = Region;
        variables["AWS_DEFAULT_REGION"] = Region;
        if (!RuntimeLauncher.IsCustom(function.Runtime))
            variables["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + function.Runtime;
        variables["AWS_ACCESS_KEY_ID"] = AccessKey;
        variables["AWS_SECRET_ACCESS_KEY"] = SecretKey;
        if (_sluiceEndpoint() is { } endpoint)
            variables["AWS_ENDPOINT_URL"] = endpoint;

        if (function.Runtime.StartsWith("nodejs", StringComparison.Ordinal))
            variables["NODE_PATH"] = NodeModulesPath();
        if (function.Runtime.StartsWith("python", StringComparison.Ordinal))
        {
            variables["PYTHONUNBUFFERED"] = "1";
            variables["PYTHONDONTWRITEBYTECODE"] = "1";
        }
        if (function.Runtime.StartsWith("dotnet", StringComparison.Ordinal))
            variables["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
    }

    /// <summary>
    /// Folders holding the AWS SDK for JavaScript that handlers import without bundling it, first found first:
    /// SLUICE_NODE_MODULES, beside the executable (a publish copies it there), the source tree this build came from
    /// (the build installs runtimes/node/package-lock.json there), and $SLUICE_HOME/node (runtimes/node/install-sdk.sh).
    /// </summary>
    private string NodeModulesPath() =>
        string.Join(Path.PathSeparator, NodeModulesCandidates(Options).Where(Directory.Exists).Distinct());

    internal static IEnumerable<string> NodeModulesCandidates(FunctionsOptions options)
    {
        string?[] candidates =
        [
            options.NodeModulesPath,
            Path.Combine(RuntimeLauncher.RuntimesFolder, "node", "node_modules"),
            SourceTreeNodeModules,
            Path.Combine(RuntimesFolderHome(), "node", "node_modules"),
        ];
        return candidates.OfType<string>();
    }

    /// <summary>runtimes/node/node_modules of the source tree this build came from (the build installs the SDK there).</summary>
    internal static readonly string? SourceTreeNodeModules = typeof(EnvironmentFactory).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .FirstOrDefault(attribute => attribute.Key == "Sluice.NodeRuntimeModules")?.Value;

    public static string RuntimesFolderHome() =>
        Environment.GetEnvironmentVariable("SLUICE_HOME")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sluice");
}
