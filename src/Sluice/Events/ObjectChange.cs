namespace Sluice.Events;

/// <summary>What a committed write or delete did, with the request that did it: the source of an S3 event.</summary>
public sealed record ObjectChange(
    S3EventName EventName,
    string Bucket,
    string Key,
    long? Size,
    string? ETag,
    long Sequencer,
    DateTimeOffset Time,
    RequestOrigin Origin);

/// <summary>The request behind a change, echoed in its event (ids match the response headers).</summary>
public sealed record RequestOrigin(string RequestId, string HostId, string SourceIp, string PrincipalId)
{
    public static RequestOrigin Internal(string requestId) => new(requestId, "", "127.0.0.1", "sluice");
}
