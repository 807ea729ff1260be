using Sluice.Storage.Objects;

namespace Sluice.Tests.Storage;

public class PreconditionsTests
{
    private const string ETag = "9b2cf535f27731c974343645a3985328";
    private static readonly DateTimeOffset Modified = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Before = "Tue, 30 Apr 2024 12:00:00 GMT";
    private const string After = "Thu, 02 May 2024 12:00:00 GMT";

    [Fact]
    public void Evaluate_IfMatchTrueAndUnmodifiedSinceFalse_Proceeds() =>
        Assert.Equal(PreconditionOutcome.Proceed, Preconditions.Evaluate($"\"{ETag}\"", null, null, Before, ETag, Modified));

    [Fact]
    public void Evaluate_IfNoneMatchFalseAndModifiedSinceTrue_NotModified() =>
        Assert.Equal(PreconditionOutcome.NotModified, Preconditions.Evaluate(null, $"\"{ETag}\"", Before, null, ETag, Modified));

    [Fact]
    public void Evaluate_IfMatchOtherETag_Fails() =>
        Assert.Equal(PreconditionOutcome.Failed, Preconditions.Evaluate("\"other\"", null, null, null, ETag, Modified));

    [Fact]
    public void Evaluate_IfMatchStar_Proceeds() =>
        Assert.Equal(PreconditionOutcome.Proceed, Preconditions.Evaluate("*", null, null, null, ETag, Modified));

    [Fact]
    public void Evaluate_IfModifiedSinceAfterModification_NotModified() =>
        Assert.Equal(PreconditionOutcome.NotModified, Preconditions.Evaluate(null, null, After, null, ETag, Modified));

    [Fact]
    public void Evaluate_IfUnmodifiedSinceBeforeModification_Fails() =>
        Assert.Equal(PreconditionOutcome.Failed, Preconditions.Evaluate(null, null, null, Before, ETag, Modified));

    [Fact]
    public void Evaluate_WeakETagInIfNoneMatch_ComparesWithoutPrefix() =>
        Assert.Equal(PreconditionOutcome.NotModified, Preconditions.Evaluate(null, $"W/\"{ETag}\"", null, null, ETag, Modified));
}
