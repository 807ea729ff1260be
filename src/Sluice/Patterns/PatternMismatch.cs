namespace Sluice.Patterns;

/// <summary>The first pattern field that failed, e.g. ("detail.size", "41 is not &gt; 1024").</summary>
public sealed record PatternMismatch(string Path, string Reason);
