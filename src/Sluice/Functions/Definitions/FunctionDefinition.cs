namespace Sluice.Functions.Definitions;

/// <summary>A function as stored in the catalog: its configuration and where its code lives.</summary>
public sealed record FunctionDefinition
{
    public required string Name { get; init; }
    public required string Runtime { get; init; }
    public required string Role { get; init; }
    public required string Handler { get; init; }
    public string Description { get; init; } = "";
    public int Timeout { get; init; } = 3;
    public int MemorySize { get; init; } = 128;
    public Dictionary<string, string> Environment { get; init; } = [];
    public required string CodeSha256 { get; init; }
    public long CodeSize { get; init; }

    /// <summary>Folder the code runs from: an extracted zip, or the developer's own folder.</summary>
    public required string CodePath { get; init; }

    /// <summary>True when <see cref="CodePath"/> is a developer's folder that is read on every cold start.</summary>
    public bool IsLocalFolder { get; init; }

    public required DateTimeOffset LastModified { get; init; }
    public required string RevisionId { get; init; }
    public string[] Architectures { get; init; } = ["x86_64"];
    public int EphemeralStorageSize { get; init; } = 512;
    public string TracingMode { get; init; } = "PassThrough";

    /// <summary>Where an async invocation's event goes when it failed for good (DeadLetterConfig.TargetArn): a queue, later a topic.</summary>
    public string? DeadLetterTargetArn { get; init; }
    public Dictionary<string, string> Tags { get; init; } = [];
}

/// <summary>Per-function settings of the asynchronous path (PutFunctionEventInvokeConfig).</summary>
public sealed record EventInvokeConfig
{
    public int? MaximumRetryAttempts { get; init; }
    public int? MaximumEventAgeInSeconds { get; init; }
    public string? OnSuccess { get; init; }
    public string? OnFailure { get; init; }
    public required DateTimeOffset LastModified { get; init; }

    public int RetryAttempts => MaximumRetryAttempts ?? 2;
    public int MaximumEventAge => MaximumEventAgeInSeconds ?? 21600;
}

/// <summary>Everything the runtime side needs about a function: definition plus limits.</summary>
public sealed record FunctionState(FunctionDefinition Definition, int? ReservedConcurrency, EventInvokeConfig? EventInvokeConfig);
