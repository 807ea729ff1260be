namespace Sluice.Hosting;

/// <summary>Everything `sluice server` is configured with.</summary>
public sealed class SluiceOptions
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public required string DataPath { get; init; }
    public required string AccessKey { get; init; }
    public required string SecretKey { get; init; }
    public bool CredentialsAreDefault { get; init; }
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";

    /// <summary>Bodies up to this size live in the catalog row instead of a file of their own.</summary>
    public int InlineThreshold { get; init; } = 64 * 1024;

    /// <summary>Memory for recently read object records and their inline bodies (see <c>ObjectRecordCache</c>).</summary>
    public long ObjectCacheBytes { get; init; } = 32 * 1024 * 1024;
}
