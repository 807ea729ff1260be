using System.Text.Json.Serialization;

namespace Sluice.Functions.EventSources;

// The Lambda REST-JSON shapes of the event source mapping operations, member names exactly as the AWS model spells them.

public sealed record ScalingConfigShape
{
    public int? MaximumConcurrency { get; init; }
}

public sealed record FilterShape
{
    public string? Pattern { get; init; }
}

public sealed record FilterCriteriaShape
{
    public List<FilterShape>? Filters { get; init; }
}

/// <summary>The members of Create/UpdateEventSourceMapping that apply to an SQS source (Update has no EventSourceArn).</summary>
public sealed record EventSourceMappingRequest
{
    public string? EventSourceArn { get; init; }
    public string? FunctionName { get; init; }
    public bool? Enabled { get; init; }
    public int? BatchSize { get; init; }
    public int? MaximumBatchingWindowInSeconds { get; init; }
    public List<string>? FunctionResponseTypes { get; init; }
    public ScalingConfigShape? ScalingConfig { get; init; }
    public FilterCriteriaShape? FilterCriteria { get; init; }
}

public sealed record EventSourceMappingConfiguration
{
    public required string UUID { get; init; }
    public required int BatchSize { get; init; }
    public required int MaximumBatchingWindowInSeconds { get; init; }
    public required string EventSourceArn { get; init; }
    public required string FunctionArn { get; init; }

    /// <summary>Epoch seconds, as REST-JSON timestamps are.</summary>
    public required double LastModified { get; init; }

    public string? LastProcessingResult { get; init; }
    public required string State { get; init; }
    public required string StateTransitionReason { get; init; }
    public required string[] FunctionResponseTypes { get; init; }
    public ScalingConfigShape? ScalingConfig { get; init; }
    public required string EventSourceMappingArn { get; init; }
}

public sealed record ListEventSourceMappingsResponse
{
    public required List<EventSourceMappingConfiguration> EventSourceMappings { get; init; }
    public string? NextMarker { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventSourceMappingRequest))]
[JsonSerializable(typeof(EventSourceMappingConfiguration))]
[JsonSerializable(typeof(ListEventSourceMappingsResponse))]
[JsonSerializable(typeof(EventSourceMapping))]
public sealed partial class EventSourcesJsonContext : JsonSerializerContext;
