using Sluice.Catalog;
using Sluice.Hosting;
using Sluice.Storage.Blobs;
using Sluice.Storage.Buckets;
using Sluice.Storage.Listing;
using Sluice.Storage.Multipart;
using Sluice.Storage.Objects;

namespace Sluice.Storage;

/// <summary>Registers the S3 object store: blobs, objects, listing, multipart and the S3 handlers.</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services, SluiceOptions options)
    {
        services.AddSingleton(StorageSchema.Schema);
        services.AddSingleton(new BlobStore(options.DataPath));
        services.AddSingleton(sp => new BodyReader(sp.GetRequiredService<BlobStore>(), options.InlineThreshold));
        services.AddSingleton(new ObjectRecordCache(options.ObjectCacheBytes));
        services.AddSingleton<ObjectStore>();
        services.AddHostedService<OrphanSweep>();
        services.AddSingleton<ObjectLister>();
        services.AddSingleton<BucketHandlers>();
        services.AddSingleton<CorsHandlers>();
        services.AddSingleton<ListHandlers>();
        services.AddSingleton<ObjectHandlers>();
        services.AddSingleton<CopyObjectHandler>();
        services.AddSingleton<DeleteObjectsHandler>();
        services.AddSingleton<TaggingHandlers>();
        services.AddSingleton<MultipartHandlers>();
        return services;
    }
}
