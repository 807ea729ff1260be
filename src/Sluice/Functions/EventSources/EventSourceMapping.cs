namespace Sluice.Functions.EventSources;

/// <summary>An event source mapping as stored in the catalog: which queue feeds which function, and how.</summary>
public sealed record EventSourceMapping
{
    public const string ReportBatchItemFailures = "ReportBatchItemFailures";

    public required string Uuid { get; init; }

    /// <summary>The function's plain name (the API accepts names and ARNs; the mapping keeps the name).</summary>
    public required string FunctionName { get; init; }

    public required string EventSourceArn { get; init; }
    public int BatchSize { get; init; } = 10;
    public int MaximumBatchingWindowInSeconds { get; init; }
    public bool Enabled { get; init; } = true;
    public string[] FunctionResponseTypes { get; init; } = [];

    /// <summary>ScalingConfig.MaximumConcurrency: the most batches of this mapping that run at once (null: Lambda's own limit).</summary>
    public int? MaximumConcurrency { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public bool ReportsBatchItemFailures => FunctionResponseTypes.Contains(ReportBatchItemFailures);
}
