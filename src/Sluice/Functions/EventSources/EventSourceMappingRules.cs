using System.Text.Json.Nodes;
using Sluice.Functions.Api;

namespace Sluice.Functions.EventSources;

/// <summary>Lambda's validation of Create/UpdateEventSourceMapping for an SQS source, and how a request changes a mapping.</summary>
public static class EventSourceMappingRules
{
    public const int MaxBatchSize = 10_000;
    public const int MaxFifoBatchSize = 10;
    public const int MaxUnwindowedBatchSize = 10;
    public const int MaxBatchingWindowSeconds = 300;

    /// <summary>Members of the operation that belong to stream, Kafka or DocumentDB sources.</summary>
    private static readonly string[] NotForSqs =
    [
        "StartingPosition", "StartingPositionTimestamp", "ParallelizationFactor", "DestinationConfig", "MaximumRecordAgeInSeconds",
        "BisectBatchOnFunctionError", "MaximumRetryAttempts", "TumblingWindowInSeconds", "Topics", "Queues", "SourceAccessConfigurations",
        "SelfManagedEventSource", "AmazonManagedKafkaEventSourceConfig", "SelfManagedKafkaEventSourceConfig", "DocumentDBEventSourceConfig",
    ];

    /// <summary>Members Lambda takes for SQS that Sluice does not act on; refused rather than stored and ignored.</summary>
    private static readonly string[] NotServed = ["Tags", "KMSKeyArn", "MetricsConfig", "LoggingConfig", "ProvisionedPollerConfig"];

    /// <summary>Refuses members that do not apply to an SQS source or that Sluice does not act on.</summary>
    public static void CheckMembers(JsonObject body)
    {
        foreach (var (member, value) in body)
        {
            if (value is null) continue;
            if (NotForSqs.Contains(member))
                throw LambdaErrors.InvalidParameter($"{member} is not valid for SQS event sources.");
            if (NotServed.Contains(member))
                throw LambdaErrors.InvalidParameter($"Sluice does not support {member} on event source mappings yet; create the mapping without it.");
        }
    }

    /// <summary>The model's constraints, all reported at once as Lambda does ("2 validation errors detected: …").</summary>
    public static void CheckConstraints(EventSourceMappingRequest request)
    {
        var violations = new List<string>();
        if (request.BatchSize is < 1)
            violations.Add(Violation(request.BatchSize, "batchSize", "Member must have value greater than or equal to 1"));
        if (request.BatchSize is > MaxBatchSize)
            violations.Add(Violation(request.BatchSize, "batchSize", $"Member must have value less than or equal to {MaxBatchSize}"));
        if (request.MaximumBatchingWindowInSeconds is < 0)
            violations.Add(Violation(request.MaximumBatchingWindowInSeconds, "maximumBatchingWindowInSeconds", "Member must have value greater than or equal to 0"));
        if (request.MaximumBatchingWindowInSeconds is > MaxBatchingWindowSeconds)
            violations.Add(Violation(request.MaximumBatchingWindowInSeconds, "maximumBatchingWindowInSeconds",
                $"Member must have value less than or equal to {MaxBatchingWindowSeconds}"));
        if (request.ScalingConfig?.MaximumConcurrency is < 2)
            violations.Add(Violation(request.ScalingConfig.MaximumConcurrency, "scalingConfig.maximumConcurrency", "Member must have value greater than or equal to 2"));
        if (request.ScalingConfig?.MaximumConcurrency is > 1000)
            violations.Add(Violation(request.ScalingConfig.MaximumConcurrency, "scalingConfig.maximumConcurrency", "Member must have value less than or equal to 1000"));
        if (request.FunctionResponseTypes is { } types && (types.Count > 1 || types.Any(type => type != EventSourceMapping.ReportBatchItemFailures)))
            violations.Add($"Value '[{string.Join(", ", types)}]' at 'functionResponseTypes' failed to satisfy constraint: "
                + $"Member must satisfy constraint: [Member must satisfy enum value set: [{EventSourceMapping.ReportBatchItemFailures}]]");
        if (violations.Count > 0)
            throw LambdaErrors.InvalidParameter(
                $"{violations.Count} validation error{(violations.Count == 1 ? "" : "s")} detected: {string.Join("; ", violations)}");
    }

    /// <summary>The mapping <paramref name="current"/> becomes with the request's members applied, checked as a whole.</summary>
    public static EventSourceMapping Apply(EventSourceMapping current, EventSourceMappingRequest request, string functionName, DateTimeOffset now)
    {
        if (request.FilterCriteria?.Filters is { Count: > 0 })
            throw LambdaErrors.InvalidParameter(
                "Sluice does not apply FilterCriteria to event source mappings yet; create the mapping without filters and filter in the handler.");
        var updated = current with
        {
            FunctionName = functionName,
            Enabled = request.Enabled ?? current.Enabled,
            BatchSize = request.BatchSize ?? current.BatchSize,
            MaximumBatchingWindowInSeconds = request.MaximumBatchingWindowInSeconds ?? current.MaximumBatchingWindowInSeconds,
            FunctionResponseTypes = request.FunctionResponseTypes is { } types ? [.. types] : current.FunctionResponseTypes,
            // An empty ScalingConfig removes the limit (the model: "To remove the configuration, pass an empty value").
            MaximumConcurrency = request.ScalingConfig is { } scaling ? scaling.MaximumConcurrency : current.MaximumConcurrency,
            LastModified = now,
        };
        var fifo = SqsQueueArn.Parse(updated.EventSourceArn)?.IsFifo == true;
        if (fifo && updated.BatchSize > MaxFifoBatchSize)
            throw LambdaErrors.InvalidParameter($"Maximum batch size must be between 1 and {MaxFifoBatchSize} inclusive for FIFO queues.");
        if (fifo && updated.MaximumBatchingWindowInSeconds > 0)
            throw LambdaErrors.InvalidParameter("Batching window is not supported for FIFO queues.");
        if (updated.BatchSize > MaxUnwindowedBatchSize && updated.MaximumBatchingWindowInSeconds < 1)
            throw LambdaErrors.InvalidParameter("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
        return updated;
    }

    private static string Violation(int? value, string member, string constraint) =>
        $"Value '{value}' at '{member}' failed to satisfy constraint: {constraint}";
}
