using Sluice.Catalog;
using Sluice.Events;
using Sluice.Events.Destinations;
using Sluice.Functions;
using Sluice.Functions.Async;
using Sluice.Functions.Definitions;
using Sluice.Hosting;
using Sluice.Queueing;
using Sluice.Storage;
using Sluice.Storage.Blobs;
using Sluice.Storage.Buckets;
using Sluice.Storage.Objects;

namespace Sluice.Tests.Storage;

/// <summary>A real catalog and blob folder in a temp directory, for storage unit tests.</summary>
public sealed class StoreTestContext : IAsyncDisposable
{
    public StoreTestContext()
    {
        DataPath = Path.Combine(Path.GetTempPath(), "sluice-unit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataPath);
        Catalog = new SqliteCatalog(Path.Combine(DataPath, "catalog.db"), [QueueSchema.Schema, StorageSchema.Schema, EventsSchema.Schema, FunctionsSchema.Create()]);
        Blobs = new BlobStore(DataPath);
        var options = new SluiceOptions { Host = "127.0.0.1", Port = 0, DataPath = DataPath, AccessKey = "test", SecretKey = "test" };
        var events = new EventHandOff(new NotificationStore(), [new FunctionDestination(new FunctionRegistry(Catalog), new AsyncInvocationQueue(Catalog, TimeProvider.System))]);
        Store = new ObjectStore(Catalog, Blobs, events, new ObjectRecordCache(options.ObjectCacheBytes), TimeProvider.System);
        Bodies = new BodyReader(Blobs, inlineThreshold: 1024);
    }

    public string DataPath { get; }
    public SqliteCatalog Catalog { get; }
    public BlobStore Blobs { get; }
    public ObjectStore Store { get; }
    public BodyReader Bodies { get; }

    public Task CreateBucketAsync(string name) =>
        Catalog.WriteAsync(connection => BucketCatalog.Insert(connection, new BucketRecord(name, DateTimeOffset.UtcNow, "us-east-1", null)));

    public async Task<ObjectRecord> PutAsync(string bucket, string key, byte[] content)
    {
        await using var body = await Bodies.ReadAsync(new MemoryStream(content), content.Length, CancellationToken.None);
        var draft = new ObjectRecord { Bucket = bucket, Key = key, Size = body.Size, ETag = body.Md5Hex, LastModified = DateTimeOffset.UtcNow };
        return await Store.PutAsync(draft, body, new ChangeSource(S3EventName.ObjectCreatedPut, RequestOrigin.Internal("test")));
    }

    public async ValueTask DisposeAsync()
    {
        await Catalog.DisposeAsync();
        Directory.Delete(DataPath, recursive: true);
    }
}
