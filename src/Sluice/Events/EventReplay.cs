using Sluice.Catalog;
using Sluice.Functions;
using Sluice.Functions.Definitions;
using Sluice.Hosting;
using Sluice.Storage.Buckets;
using Sluice.Storage.Listing;

namespace Sluice.Events;

/// <summary>
/// Backfill: an ObjectCreated:Put event for every existing object under a prefix, sent to one function,
/// so a new function can process data that arrived before it existed. Each page of objects is one
/// catalog write, so a replay interrupted by a crash has handed off whole pages only.
/// </summary>
public sealed class EventReplay(
    ICatalog catalog, ObjectLister lister, EventHandOff handOff, FunctionRegistry functions, SluiceOptions options, TimeProvider time)
{
    public const string ConfigurationId = "sluice-replay";
    private const int PageSize = 500;

    public sealed class TargetMissingException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }

    public async Task<int> ReplayAsync(string bucket, string prefix, string function, CancellationToken cancellationToken)
    {
        if (catalog.Read(connection => BucketCatalog.Find(connection, bucket)) is null)
            throw new TargetMissingException("NoSuchBucket", $"Bucket {bucket} does not exist.");
        var name = LambdaArns.Parse(function).Name;
        if (functions.Find(name) is null)
            throw new TargetMissingException("ResourceNotFoundException", $"Function {name} does not exist.");

        var rule = new NotificationRule(ConfigurationId, DestinationKind.Function,
            LambdaArns.Function(options.Region, options.AccountId, name), ["s3:ObjectCreated:*"], prefix, null);
        var origin = RequestOrigin.Internal("replay-" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant());
        var replayed = 0;
        string? marker = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = lister.List(bucket, prefix, null, marker, PageSize);
            var objects = page.Objects.ToList();
            if (objects.Count > 0)
            {
                var queued = await catalog.WriteAsync(connection =>
                {
                    var any = false;
                    foreach (var record in objects)
                    {
                        var change = new ObjectChange(S3EventName.ObjectCreatedPut, bucket, record.Key, record.Size, record.ETag,
                            record.Sequencer, time.GetUtcNow(), origin);
                        any |= handOff.HandOff(connection, change, rule);
                    }
                    return any;
                });
                handOff.AfterCommit(queued);
                replayed += objects.Count;
            }
            if (!page.IsTruncated) break;
            marker = page.LastSortKey;
        }
        return replayed;
    }
}
