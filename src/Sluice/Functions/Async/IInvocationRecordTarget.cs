using Sluice.Catalog;

namespace Sluice.Functions.Async;

/// <summary>A message attribute of what an async invocation sends to a non-function target (a dead-letter queue's RequestID, ErrorCode …).</summary>
public sealed record RecordAttribute(string Name, string DataType, string Value);

/// <summary>
/// A kind of target, other than a function, that an asynchronous invocation can send to: an on-success or on-failure
/// destination, or the function's dead-letter target. A queue now; topics and the bus register their own.
/// </summary>
public interface IInvocationRecordTarget
{
    /// <summary>Whether the ARN names a target of this kind (its service's ARN prefix).</summary>
    bool Handles(string arn);

    /// <summary>Why the target cannot receive now (it does not exist, is of the wrong type), or null.</summary>
    string? Problem(string arn);

    /// <summary>
    /// Sends <paramref name="body"/> inside the caller's transaction (the completion that records the outcome), so the
    /// outcome and its message commit together. Nothing is sent when the target is gone by then; returns whether it was.
    /// </summary>
    bool Send(CatalogConnection connection, string arn, byte[] body, IReadOnlyList<RecordAttribute> attributes, long nowMs);
}
