using System.Text.Json.Serialization;

namespace Sluice.Functions.EventSources;

/// <summary>One mapping and what its poller is doing, for `sluice events mappings` (Sluice's own JSON, camel case).</summary>
public sealed record MappingStatusView(
    string Uuid, string FunctionName, string EventSourceArn, string State, int BatchSize, int MaximumBatchingWindowInSeconds,
    int? MaximumConcurrency, int? Concurrency, int RunningBatches, long InFlightMessages, long BatchesProcessed,
    DateTimeOffset? LastBatchAt, int LastBatchSize, string LastProcessingResult, string? LastError, DateTimeOffset? LastErrorAt);

public sealed record MappingStatusList(List<MappingStatusView> Mappings);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MappingStatusList))]
public sealed partial class MappingStatusJsonContext : JsonSerializerContext;
