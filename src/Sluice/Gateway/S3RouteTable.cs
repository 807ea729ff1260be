using Sluice.Events;
using Sluice.Storage.Buckets;
using Sluice.Storage.Listing;
using Sluice.Storage.Multipart;
using Sluice.Storage.Objects;

namespace Sluice.Gateway;

/// <summary>
/// S3's operations by method, addressing and sub-resource, most specific first. Each line is
/// named by its AWS operation, so searching for an operation name lands here.
/// </summary>
public sealed class S3RouteTable(
    BucketHandlers buckets,
    CorsHandlers cors,
    ListHandlers listing,
    ObjectHandlers objects,
    CopyObjectHandler copy,
    DeleteObjectsHandler deleteObjects,
    TaggingHandlers tagging,
    MultipartHandlers multipart,
    NotificationHandlers notifications)
{
    public Func<S3Request, Task>? Resolve(S3Request request)
    {
        var method = request.Http.Method;
        if (HttpMethods.IsOptions(method)) return cors.PreflightAsync;
        if (request.Bucket is null)
            return HttpMethods.IsGet(method) ? buckets.ListBucketsAsync : null;
        return request.Key.Length == 0 ? ResolveBucket(request, method) : ResolveObject(request, method);
    }

    private Func<S3Request, Task>? ResolveBucket(S3Request r, string method)
    {
        if (HttpMethods.IsGet(method))
        {
            if (r.HasQuery("cors")) return cors.GetBucketCorsAsync;                  // GetBucketCors
            if (r.HasQuery("notification")) return notifications.GetBucketNotificationConfigurationAsync; // GetBucketNotificationConfiguration
            if (r.HasQuery("location")) return buckets.GetBucketLocationAsync;      // GetBucketLocation
            if (r.HasQuery("versioning")) return buckets.GetBucketVersioningAsync;  // GetBucketVersioning
            if (r.HasQuery("acl")) return buckets.GetAclAsync;                      // GetBucketAcl
            if (r.HasQuery("versions")) return listing.ListObjectVersionsAsync;     // ListObjectVersions
            if (r.HasQuery("uploads")) return multipart.ListMultipartUploadsAsync;  // ListMultipartUploads
            if (r.QueryValue("list-type") == "2") return listing.ListObjectsV2Async; // ListObjectsV2
            if (UnsupportedSubresource(r) is { } unsupported) return unsupported;
            return listing.ListObjectsAsync;                                        // ListObjects
        }
        if (HttpMethods.IsPut(method))
        {
            if (r.HasQuery("cors")) return cors.PutBucketCorsAsync;                 // PutBucketCors
            if (r.HasQuery("notification")) return notifications.PutBucketNotificationConfigurationAsync; // PutBucketNotificationConfiguration
            if (UnsupportedSubresource(r) is { } unsupported) return unsupported;
            return buckets.CreateBucketAsync;                                       // CreateBucket
        }
        if (HttpMethods.IsDelete(method))
        {
            if (r.HasQuery("cors")) return cors.DeleteBucketCorsAsync;              // DeleteBucketCors
            if (UnsupportedSubresource(r) is { } unsupported) return unsupported;
            return buckets.DeleteBucketAsync;                                       // DeleteBucket
        }
        if (HttpMethods.IsPost(method) && r.HasQuery("delete")) return deleteObjects.DeleteObjectsAsync; // DeleteObjects
        if (HttpMethods.IsHead(method)) return buckets.HeadBucketAsync;             // HeadBucket
        return null;
    }

    private Func<S3Request, Task>? ResolveObject(S3Request r, string method)
    {
        var copySource = r.Header("x-amz-copy-source") is not null;
        if (HttpMethods.IsPut(method))
        {
            if (r.HasQuery("uploadId") && r.HasQuery("partNumber"))
                return copySource ? multipart.UploadPartCopyAsync : multipart.UploadPartAsync; // UploadPartCopy / UploadPart
            if (r.HasQuery("tagging")) return tagging.PutObjectTaggingAsync;        // PutObjectTagging
            if (UnsupportedSubresource(r) is { } unsupported) return unsupported;
            return copySource ? copy.CopyObjectAsync : objects.PutObjectAsync;      // CopyObject / PutObject
        }
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            if (r.HasQuery("uploadId")) return multipart.ListPartsAsync;            // ListParts
            if (r.HasQuery("tagging")) return tagging.GetObjectTaggingAsync;        // GetObjectTagging
            if (r.HasQuery("acl")) return buckets.GetAclAsync;                      // GetObjectAcl
            if (UnsupportedSubresource(r) is { } unsupported) return unsupported;
            return objects.GetObjectAsync;                                          // GetObject / HeadObject
        }
        if (HttpMethods.IsPost(method))
        {
            if (r.HasQuery("uploads")) return multipart.CreateMultipartUploadAsync; // CreateMultipartUpload
            if (r.HasQuery("uploadId")) return multipart.CompleteMultipartUploadAsync; // CompleteMultipartUpload
            return null;
        }
        if (HttpMethods.IsDelete(method))
        {
            if (r.HasQuery("uploadId")) return multipart.AbortMultipartUploadAsync; // AbortMultipartUpload
            if (r.HasQuery("tagging")) return tagging.DeleteObjectTaggingAsync;     // DeleteObjectTagging
            return objects.DeleteObjectAsync;                                       // DeleteObject
        }
        return null;
    }

    /// <summary>Sub-resources Sluice does not model answer NotImplemented rather than acting as a plain object call.</summary>
    private static Func<S3Request, Task>? UnsupportedSubresource(S3Request r)
    {
        foreach (var name in UnsupportedNames)
            if (r.HasQuery(name))
                return _ => throw new S3Exception(S3Errors.NotImplemented, $"The '{name}' sub-resource is not implemented by Sluice.");
        return null;
    }

    private static readonly string[] UnsupportedNames =
        ["policy", "lifecycle", "replication", "website", "logging", "encryption", "object-lock", "legal-hold",
         "retention", "restore", "select", "torrent", "accelerate", "requestPayment", "inventory", "analytics",
         "metrics", "intelligent-tiering", "ownershipControls", "publicAccessBlock", "attributes",
         "tagging", "acl", "versioning"];
}
