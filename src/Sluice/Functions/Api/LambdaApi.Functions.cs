using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Functions.Definitions;
using Sluice.Functions.Environments;

namespace Sluice.Functions.Api;

// CreateFunction, GetFunction, GetFunctionConfiguration, UpdateFunctionCode,
// UpdateFunctionConfiguration, ListFunctions, DeleteFunction.
public sealed partial class LambdaApi
{
    private const int MaxEnvironmentBytes = 4096;

    private async Task CreateFunctionAsync(HttpContext context)
    {
        var request = await ReadJsonAsync(context, LambdaJsonContext.Default.CreateFunctionRequest);
        var name = request.FunctionName ?? throw LambdaErrors.InvalidParameter("FunctionName is required.");
        if (!FunctionNamePattern().IsMatch(name))
            throw LambdaErrors.InvalidParameter(
                $"1 validation error detected: Value '{name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+");
        if (request.PackageType is "Image")
            throw LambdaErrors.InvalidParameter("Container image functions are not supported by Sluice; use a zip package.");
        var runtime = ValidRuntime(request.Runtime ?? throw LambdaErrors.InvalidParameter("Runtime is required for a zip package."));
        var handler = ValidHandler(request.Handler, runtime);
        var code = StoreCode(request.Code?.ZipFile, request.Code?.S3Bucket, request.Code?.S3Key);
        var variables = ValidEnvironment(request.Environment?.Variables ?? []);

        var definition = new FunctionDefinition
        {
            Name = name,
            Runtime = runtime,
            Role = request.Role ?? throw LambdaErrors.InvalidParameter("Role is required."),
            Handler = handler,
            Description = request.Description ?? "",
            Timeout = ValidTimeout(request.Timeout ?? 3),
            MemorySize = ValidMemory(request.MemorySize ?? 128),
            Environment = variables,
            CodeSha256 = code.Sha256,
            CodeSize = code.Size,
            CodePath = code.Path,
            IsLocalFolder = code.IsLocalFolder,
            LastModified = time.GetUtcNow(),
            RevisionId = Guid.NewGuid().ToString(),
            Architectures = request.Architectures is { Length: > 0 } architectures ? architectures : ["x86_64"],
            EphemeralStorageSize = request.EphemeralStorage?.Size ?? 512,
            TracingMode = request.TracingConfig?.Mode ?? "PassThrough",
            DeadLetterTargetArn = ValidDeadLetterTarget(request.DeadLetterConfig?.TargetArn),
            Tags = request.Tags ?? [],
        };
        var created = await registry.MutateAsync(name, existing => existing is null
            ? new FunctionState(definition, null, null)
            : throw new LambdaException(LambdaErrors.ResourceConflict, $"Function already exist: {name}"));
        await WriteJsonAsync(context, StatusCodes.Status201Created, ToConfiguration(created.Definition),
            LambdaJsonContext.Default.FunctionConfigurationResponse);
    }

    private async Task GetFunctionAsync(HttpContext context, string functionName)
    {
        var state = Resolve(functionName, Qualifier(context));
        var response = new GetFunctionResponse
        {
            Configuration = ToConfiguration(state.Definition),
            Code = new FunctionCodeLocation { Location = new Uri(state.Definition.CodePath).AbsoluteUri },
            Tags = state.Definition.Tags.Count > 0 ? state.Definition.Tags : null,
            Concurrency = state.ReservedConcurrency is { } reserved ? new ConcurrencyShape { ReservedConcurrentExecutions = reserved } : null,
        };
        await WriteJsonAsync(context, 200, response, LambdaJsonContext.Default.GetFunctionResponse);
    }

    private Task GetConfigurationAsync(HttpContext context, string functionName) =>
        WriteJsonAsync(context, 200, ToConfiguration(Resolve(functionName, Qualifier(context)).Definition),
            LambdaJsonContext.Default.FunctionConfigurationResponse);

    private async Task UpdateCodeAsync(HttpContext context, string functionName)
    {
        var name = Resolve(functionName).Definition.Name;
        var request = await ReadJsonAsync(context, LambdaJsonContext.Default.UpdateFunctionCodeRequest);
        if (request.ImageUri is not null)
            throw LambdaErrors.InvalidParameter("Container image functions are not supported by Sluice; use a zip package.");
        var code = StoreCode(request.ZipFile, request.S3Bucket, request.S3Key);
        var updated = await registry.MutateAsync(name, existing =>
        {
            var current = Current(existing, name, request.RevisionId);
            return current with
            {
                Definition = current.Definition with
                {
                    CodeSha256 = code.Sha256,
                    CodeSize = code.Size,
                    CodePath = code.Path,
                    IsLocalFolder = code.IsLocalFolder,
                    LastModified = time.GetUtcNow(),
                    RevisionId = Guid.NewGuid().ToString(),
                },
            };
        });
        scheduler.Retire(name);
        await WriteJsonAsync(context, 200, ToConfiguration(updated.Definition), LambdaJsonContext.Default.FunctionConfigurationResponse);
    }

    private async Task UpdateConfigurationAsync(HttpContext context, string functionName)
    {
        var name = Resolve(functionName).Definition.Name;
        var request = await ReadJsonAsync(context, LambdaJsonContext.Default.UpdateFunctionConfigurationRequest);
        var deadLetterTarget = request.DeadLetterConfig is { } deadLetter ? ValidDeadLetterTarget(deadLetter.TargetArn) : null;
        var updated = await registry.MutateAsync(name, existing =>
        {
            var current = Current(existing, name, request.RevisionId);
            var definition = current.Definition;
            var runtime = request.Runtime is { } newRuntime ? ValidRuntime(newRuntime) : definition.Runtime;
            return current with
            {
                Definition = definition with
                {
                    Runtime = runtime,
                    Role = request.Role ?? definition.Role,
                    Handler = request.Handler is { } handler ? ValidHandler(handler, runtime) : definition.Handler,
                    Description = request.Description ?? definition.Description,
                    Timeout = request.Timeout is { } timeout ? ValidTimeout(timeout) : definition.Timeout,
                    MemorySize = request.MemorySize is { } memory ? ValidMemory(memory) : definition.MemorySize,
                    Environment = request.Environment is { } environment ? ValidEnvironment(environment.Variables ?? []) : definition.Environment,
                    EphemeralStorageSize = request.EphemeralStorage?.Size ?? definition.EphemeralStorageSize,
                    TracingMode = request.TracingConfig?.Mode ?? definition.TracingMode,
                    DeadLetterTargetArn = request.DeadLetterConfig is null ? definition.DeadLetterTargetArn : deadLetterTarget,
                    LastModified = time.GetUtcNow(),
                    RevisionId = Guid.NewGuid().ToString(),
                },
            };
        });
        scheduler.Retire(name);
        await WriteJsonAsync(context, 200, ToConfiguration(updated.Definition), LambdaJsonContext.Default.FunctionConfigurationResponse);
    }

    private async Task ListFunctionsAsync(HttpContext context)
    {
        var marker = context.Request.Query["Marker"].ToString();
        var maxItems = int.TryParse(context.Request.Query["MaxItems"], CultureInfo.InvariantCulture, out var max) ? Math.Clamp(max, 1, 10_000) : 50;
        var remaining = registry.All()
            .Where(f => marker.Length == 0 || string.CompareOrdinal(f.Definition.Name, marker) > 0)
            .ToList();
        var page = remaining.Take(maxItems).Select(f => ToConfiguration(f.Definition)).ToList();
        var response = new ListFunctionsResponse
        {
            Functions = page,
            NextMarker = remaining.Count > maxItems ? page[^1].FunctionName : null,
        };
        await WriteJsonAsync(context, 200, response, LambdaJsonContext.Default.ListFunctionsResponse);
    }

    private async Task DeleteFunctionAsync(HttpContext context, string functionName)
    {
        var name = Resolve(functionName, Qualifier(context)).Definition.Name;
        if (!await registry.DeleteAsync(name))
            throw LambdaErrors.FunctionNotFound(environments.FunctionArn(name));
        scheduler.Retire(name);
        logs.Forget(name);
        await NoContent(context);
    }

    private static FunctionState Current(FunctionState? existing, string name, string? expectedRevision)
    {
        if (existing is null)
            throw LambdaErrors.FunctionNotFound(name);
        if (expectedRevision is not null && expectedRevision != existing.Definition.RevisionId)
            throw new LambdaException(LambdaErrors.PreconditionFailed,
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        return existing;
    }

    private StoredCode StoreCode(string? zipFile, string? bucket, string? key)
    {
        if (zipFile is not null)
        {
            byte[] zip;
            try { zip = Convert.FromBase64String(zipFile); }
            catch (FormatException) { throw LambdaErrors.InvalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again."); }
            return codeStore.StoreZip(zip);
        }
        if (bucket == CodeStore.LocalFolderBucket && key is not null)
            return CodeStore.UseFolder(key);
        if (bucket is not null)
            throw LambdaErrors.InvalidParameter(
                $"Code from S3 ({bucket}/{key}) is not supported yet; upload a zip (ZipFile) or use S3Bucket={CodeStore.LocalFolderBucket} with S3Key=<absolute folder>.");
        throw LambdaErrors.InvalidParameter("Please provide a source for function code.");
    }

    private static string ValidRuntime(string runtime) => RuntimeLauncher.IsSupported(runtime)
        ? runtime
        : throw LambdaErrors.InvalidParameter(
            $"Value {runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", RuntimeLauncher.Supported)}] or be a valid ARN");

    private static string ValidHandler(string? handler, string runtime)
    {
        if (string.IsNullOrEmpty(handler))
            return RuntimeLauncher.IsCustom(runtime) ? "bootstrap" : throw LambdaErrors.InvalidParameter("Handler is required for a zip package with a managed runtime.");
        if (handler.Length > 128 || handler.Any(char.IsWhiteSpace))
            throw LambdaErrors.InvalidParameter(
                $"1 validation error detected: Value '{handler}' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+");
        return handler;
    }

    private static int ValidTimeout(int timeout) => timeout is >= 1 and <= 900
        ? timeout
        : throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{timeout}' at 'timeout' failed to satisfy constraint: Member must have value between 1 and 900");

    private static int ValidMemory(int memory) => memory is >= 128 and <= 10240
        ? memory
        : throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{memory}' at 'memorySize' failed to satisfy constraint: Member must have value between 128 and 10240");

    private static Dictionary<string, string> ValidEnvironment(Dictionary<string, string> variables)
    {
        var size = variables.Sum(pair => pair.Key.Length + pair.Value.Length);
        if (size > MaxEnvironmentBytes)
            throw LambdaErrors.InvalidParameter("Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit.");
        var reserved = variables.Keys.FirstOrDefault(key => ReservedVariables.Contains(key));
        if (reserved is not null)
            throw LambdaErrors.InvalidParameter(
                $"Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: {reserved}");
        return variables;
    }

    private static readonly HashSet<string> ReservedVariables =
    [
        "_HANDLER", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ];

    private FunctionConfigurationResponse ToConfiguration(FunctionDefinition definition) => new()
    {
        FunctionName = definition.Name,
        FunctionArn = environments.FunctionArn(definition.Name),
        Runtime = definition.Runtime,
        Role = definition.Role,
        Handler = definition.Handler,
        CodeSize = definition.CodeSize,
        Description = definition.Description,
        Timeout = definition.Timeout,
        MemorySize = definition.MemorySize,
        LastModified = definition.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture),
        CodeSha256 = definition.CodeSha256,
        Environment = definition.Environment.Count > 0 ? new EnvironmentResponse { Variables = definition.Environment } : null,
        TracingConfig = new TracingConfigShape { Mode = definition.TracingMode },
        DeadLetterConfig = definition.DeadLetterTargetArn is { } deadLetterTarget ? new DeadLetterConfigShape { TargetArn = deadLetterTarget } : null,
        RevisionId = definition.RevisionId,
        Architectures = definition.Architectures,
        EphemeralStorage = new EphemeralStorageShape { Size = definition.EphemeralStorageSize },
    };

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionNamePattern();
}
