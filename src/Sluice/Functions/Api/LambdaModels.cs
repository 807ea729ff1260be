using System.Text.Json.Serialization;
using Sluice.Functions.Definitions;

namespace Sluice.Functions.Api;

// The Lambda REST-JSON shapes, member names exactly as the AWS model spells them.

public sealed record FunctionCodeInput
{
    public string? ZipFile { get; init; }
    public string? S3Bucket { get; init; }
    public string? S3Key { get; init; }
    public string? S3ObjectVersion { get; init; }
    public string? ImageUri { get; init; }
}

public sealed record EnvironmentInput
{
    public Dictionary<string, string>? Variables { get; init; }
}

public sealed record EphemeralStorageShape
{
    public int Size { get; init; }
}

public sealed record TracingConfigShape
{
    public string? Mode { get; init; }
}

/// <summary>DeadLetterConfig: where failed async events go; an empty TargetArn removes it.</summary>
public sealed record DeadLetterConfigShape
{
    public string? TargetArn { get; init; }
}

public sealed record CreateFunctionRequest
{
    public string? FunctionName { get; init; }
    public string? Runtime { get; init; }
    public string? Role { get; init; }
    public string? Handler { get; init; }
    public string? Description { get; init; }
    public int? Timeout { get; init; }
    public int? MemorySize { get; init; }
    public FunctionCodeInput? Code { get; init; }
    public EnvironmentInput? Environment { get; init; }
    public string? PackageType { get; init; }
    public string[]? Architectures { get; init; }
    public EphemeralStorageShape? EphemeralStorage { get; init; }
    public TracingConfigShape? TracingConfig { get; init; }
    public DeadLetterConfigShape? DeadLetterConfig { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
    public bool? Publish { get; init; }
}

public sealed record UpdateFunctionCodeRequest
{
    public string? ZipFile { get; init; }
    public string? S3Bucket { get; init; }
    public string? S3Key { get; init; }
    public string? S3ObjectVersion { get; init; }
    public string? ImageUri { get; init; }
    public string? RevisionId { get; init; }
    public bool? DryRun { get; init; }
    public bool? Publish { get; init; }
}

public sealed record UpdateFunctionConfigurationRequest
{
    public string? Runtime { get; init; }
    public string? Role { get; init; }
    public string? Handler { get; init; }
    public string? Description { get; init; }
    public int? Timeout { get; init; }
    public int? MemorySize { get; init; }
    public EnvironmentInput? Environment { get; init; }
    public EphemeralStorageShape? EphemeralStorage { get; init; }
    public TracingConfigShape? TracingConfig { get; init; }
    public DeadLetterConfigShape? DeadLetterConfig { get; init; }
    public string? RevisionId { get; init; }
}

public sealed record EnvironmentResponse
{
    public Dictionary<string, string> Variables { get; init; } = [];
}

public sealed record FunctionConfigurationResponse
{
    public required string FunctionName { get; init; }
    public required string FunctionArn { get; init; }
    public required string Runtime { get; init; }
    public required string Role { get; init; }
    public required string Handler { get; init; }
    public long CodeSize { get; init; }
    public string Description { get; init; } = "";
    public int Timeout { get; init; }
    public int MemorySize { get; init; }
    public required string LastModified { get; init; }
    public required string CodeSha256 { get; init; }
    public string Version { get; init; } = "$LATEST";
    public EnvironmentResponse? Environment { get; init; }
    public TracingConfigShape TracingConfig { get; init; } = new() { Mode = "PassThrough" };
    public DeadLetterConfigShape? DeadLetterConfig { get; init; }
    public required string RevisionId { get; init; }
    public string State { get; init; } = "Active";
    public string LastUpdateStatus { get; init; } = "Successful";
    public string PackageType { get; init; } = "Zip";
    public string[] Architectures { get; init; } = ["x86_64"];
    public EphemeralStorageShape EphemeralStorage { get; init; } = new() { Size = 512 };
}

public sealed record FunctionCodeLocation
{
    public string RepositoryType { get; init; } = "S3";
    public required string Location { get; init; }
}

public sealed record ConcurrencyShape
{
    public int? ReservedConcurrentExecutions { get; init; }
}

public sealed record GetFunctionResponse
{
    public required FunctionConfigurationResponse Configuration { get; init; }
    public required FunctionCodeLocation Code { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
    public ConcurrencyShape? Concurrency { get; init; }
}

public sealed record ListFunctionsResponse
{
    public required List<FunctionConfigurationResponse> Functions { get; init; }
    public string? NextMarker { get; init; }
}

public sealed record DestinationShape
{
    public string? Destination { get; init; }
}

public sealed record DestinationConfigShape
{
    public DestinationShape? OnSuccess { get; init; }
    public DestinationShape? OnFailure { get; init; }
}

public sealed record EventInvokeConfigRequest
{
    public int? MaximumRetryAttempts { get; init; }
    public int? MaximumEventAgeInSeconds { get; init; }
    public DestinationConfigShape? DestinationConfig { get; init; }
}

public sealed record EventInvokeConfigResponse
{
    public required double LastModified { get; init; }
    public required string FunctionArn { get; init; }
    public int? MaximumRetryAttempts { get; init; }
    public int? MaximumEventAgeInSeconds { get; init; }
    public required DestinationConfigShape DestinationConfig { get; init; }
}

public sealed record AccountLimitShape
{
    public long TotalCodeSize { get; init; } = 80_530_636_800;
    public long CodeSizeUnzipped { get; init; } = 262_144_000;
    public long CodeSizeZipped { get; init; } = 52_428_800;
    public int ConcurrentExecutions { get; init; }
    public int UnreservedConcurrentExecutions { get; init; }
}

public sealed record AccountUsageShape
{
    public long TotalCodeSize { get; init; }
    public long FunctionCount { get; init; }
}

public sealed record AccountSettingsResponse
{
    public required AccountLimitShape AccountLimit { get; init; }
    public required AccountUsageShape AccountUsage { get; init; }
}

public sealed record LambdaErrorBody
{
    public string Type { get; init; } = "User";

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    public string? Reason { get; init; }

    [JsonPropertyName("retryAfterSeconds")]
    public string? RetryAfterSeconds { get; init; }
}

public sealed record RuntimeErrorBody
{
    [JsonPropertyName("errorMessage")]
    public required string ErrorMessage { get; init; }

    [JsonPropertyName("errorType")]
    public string? ErrorType { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateFunctionRequest))]
[JsonSerializable(typeof(UpdateFunctionCodeRequest))]
[JsonSerializable(typeof(UpdateFunctionConfigurationRequest))]
[JsonSerializable(typeof(FunctionConfigurationResponse))]
[JsonSerializable(typeof(GetFunctionResponse))]
[JsonSerializable(typeof(ListFunctionsResponse))]
[JsonSerializable(typeof(ConcurrencyShape))]
[JsonSerializable(typeof(EventInvokeConfigRequest))]
[JsonSerializable(typeof(EventInvokeConfigResponse))]
[JsonSerializable(typeof(AccountSettingsResponse))]
[JsonSerializable(typeof(LambdaErrorBody))]
[JsonSerializable(typeof(RuntimeErrorBody))]
[JsonSerializable(typeof(FunctionDefinition))]
[JsonSerializable(typeof(EventInvokeConfig))]
public sealed partial class LambdaJsonContext : JsonSerializerContext;
