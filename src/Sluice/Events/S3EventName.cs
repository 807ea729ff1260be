namespace Sluice.Events;

/// <summary>The S3 event types Sluice raises, as S3 names them (without the "s3:" prefix).</summary>
public enum S3EventName
{
    ObjectCreatedPut,
    ObjectCreatedPost,
    ObjectCreatedCopy,
    ObjectCreatedCompleteMultipartUpload,
    ObjectRemovedDelete,
    ObjectRemovedDeleteMarkerCreated,
    ObjectTaggingPut,
    ObjectTaggingDelete,
}

/// <summary>Names on the wire, and the wildcard families a configuration may name instead.</summary>
public static class S3EventNames
{
    private static readonly Dictionary<S3EventName, string> Names = new()
    {
        [S3EventName.ObjectCreatedPut] = "ObjectCreated:Put",
        [S3EventName.ObjectCreatedPost] = "ObjectCreated:Post",
        [S3EventName.ObjectCreatedCopy] = "ObjectCreated:Copy",
        [S3EventName.ObjectCreatedCompleteMultipartUpload] = "ObjectCreated:CompleteMultipartUpload",
        [S3EventName.ObjectRemovedDelete] = "ObjectRemoved:Delete",
        [S3EventName.ObjectRemovedDeleteMarkerCreated] = "ObjectRemoved:DeleteMarkerCreated",
        [S3EventName.ObjectTaggingPut] = "ObjectTagging:Put",
        [S3EventName.ObjectTaggingDelete] = "ObjectTagging:Delete",
    };

    /// <summary>Every "s3:…" name a configuration may list: the concrete types and their "Family:*" wildcards.</summary>
    private static readonly Dictionary<string, S3EventName[]> Configurable = BuildConfigurable();

    public static string WireName(this S3EventName name) => Names[name];

    /// <summary>The event type with this wire name ("ObjectCreated:Put"), as the event log stores it.</summary>
    public static S3EventName FromWireName(string wireName) =>
        Names.First(pair => pair.Value == wireName).Key;

    public static bool IsTagging(this S3EventName name) =>
        name is S3EventName.ObjectTaggingPut or S3EventName.ObjectTaggingDelete;

    public static bool IsCreated(this S3EventName name) =>
        name is S3EventName.ObjectCreatedPut or S3EventName.ObjectCreatedPost
            or S3EventName.ObjectCreatedCopy or S3EventName.ObjectCreatedCompleteMultipartUpload;

    /// <summary>
    /// Names S3 accepts in a configuration for events Sluice never raises (restores, lifecycle,
    /// replication, ACLs): a configuration may list them; they just never fire.
    /// </summary>
    private static readonly HashSet<string> AcceptedButNeverRaised =
    [
        "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete",
        "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated",
        "s3:LifecycleTransition", "s3:ObjectAcl:Put", "s3:IntelligentTiering", "s3:ReducedRedundancyLostObject",
        "s3:Replication:*", "s3:Replication:OperationFailedReplication", "s3:Replication:OperationMissedThreshold",
        "s3:Replication:OperationReplicatedAfterThreshold", "s3:Replication:OperationNotTracked",
    ];

    /// <summary>The concrete event types a configured name covers; null if S3 does not know the name.</summary>
    public static IReadOnlyList<S3EventName>? Expand(string configuredName) =>
        Configurable.TryGetValue(configuredName, out var names) ? names
        : AcceptedButNeverRaised.Contains(configuredName) ? []
        : null;

    private static Dictionary<string, S3EventName[]> BuildConfigurable()
    {
        var configurable = new Dictionary<string, S3EventName[]>(StringComparer.Ordinal);
        foreach (var (name, wire) in Names)
        {
            configurable["s3:" + wire] = [name];
            var family = "s3:" + wire[..wire.IndexOf(':')] + ":*";
            configurable[family] = configurable.TryGetValue(family, out var members) ? [.. members, name] : [name];
        }
        return configurable;
    }
}
