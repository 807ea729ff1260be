using Sluice.Events;
using Sluice.Gateway;
using Sluice.Hosting;
using Sluice.Storage.Multipart;

namespace Sluice.Storage.Buckets;

/// <summary>ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation and the read-only bucket settings.</summary>
public sealed class BucketHandlers(ObjectStore store, NotificationStore notifications, SluiceOptions options)
{
    // ListBuckets
    public Task ListBucketsAsync(S3Request request)
    {
        var buckets = store.Catalog.Read(BucketCatalog.List);
        return S3Xml.WriteAsync(request.Response, "ListAllMyBucketsResult", xml =>
        {
            WriteOwner(xml);
            xml.WriteStartElement("Buckets");
            foreach (var bucket in buckets)
            {
                xml.WriteStartElement("Bucket");
                xml.WriteElementString("Name", bucket.Name);
                xml.Element("CreationDate", bucket.Created);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        });
    }

    // CreateBucket
    public async Task CreateBucketAsync(S3Request request)
    {
        var name = request.RequireBucket();
        if (!BucketNames.IsValid(name))
            throw new S3Exception(S3Errors.InvalidBucketName).With("BucketName", name);
        var region = options.Region;
        if (request.DeclaredLength is not 0)
        {
            var document = await S3Xml.ReadAsync(request.Body, request.Aborted);
            if (document.ChildValue("LocationConstraint") is { Length: > 0 } constraint) region = constraint;
        }
        var created = await store.Catalog.WriteAsync(connection =>
            BucketCatalog.Insert(connection, new BucketRecord(name, store.Now, region, null)));
        if (!created)
            throw new S3Exception(S3Errors.BucketAlreadyOwnedByYou).With("BucketName", name);
        request.Response.Headers.Location = "/" + name;
        request.Response.StatusCode = 200;
    }

    // HeadBucket
    public Task HeadBucketAsync(S3Request request)
    {
        var bucket = store.RequireBucket(request.RequireBucket());
        request.Response.Headers["x-amz-bucket-region"] = bucket.Region;
        request.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    // DeleteBucket
    public async Task DeleteBucketAsync(S3Request request)
    {
        var name = request.RequireBucket();
        var abandonedParts = await store.Catalog.WriteAsync(connection =>
        {
            if (BucketCatalog.Find(connection, name) is null)
                throw new S3Exception(S3Errors.NoSuchBucket).With("BucketName", name);
            if (!BucketCatalog.IsEmpty(connection, name))
                throw new S3Exception(S3Errors.BucketNotEmpty).With("BucketName", name);
            // Unfinished uploads go with the bucket, so that one recreated under the same name starts clean.
            var parts = MultipartCatalog.DeleteAllIn(connection, name);
            notifications.Set(connection, name, NotificationConfiguration.Empty);
            BucketCatalog.Delete(connection, name);
            return parts;
        });
        store.Blobs.Delete(abandonedParts);
        request.Response.StatusCode = 204;
    }

    // GetBucketLocation
    public Task GetBucketLocationAsync(S3Request request)
    {
        var bucket = store.RequireBucket(request.RequireBucket());
        // us-east-1 is reported as an empty constraint, as S3 does.
        return S3Xml.WriteAsync(request.Response, "LocationConstraint",
            xml => { if (bucket.Region != "us-east-1") xml.WriteString(bucket.Region); });
    }

    // GetBucketVersioning: versioning is never enabled here, which S3 reports as an empty configuration.
    public Task GetBucketVersioningAsync(S3Request request)
    {
        store.RequireBucket(request.RequireBucket());
        return S3Xml.WriteAsync(request.Response, "VersioningConfiguration", _ => { });
    }

    // GetBucketAcl and GetObjectAcl: the owner has full control; ACL grants are not modelled.
    public Task GetAclAsync(S3Request request)
    {
        store.RequireBucket(request.RequireBucket());
        if (request.Key.Length > 0) store.RequireObject(request.Bucket!, request.Key);
        return S3Xml.WriteAsync(request.Response, "AccessControlPolicy", xml =>
        {
            WriteOwner(xml);
            xml.WriteStartElement("AccessControlList");
            xml.WriteStartElement("Grant");
            xml.WriteStartElement("Grantee", null);
            xml.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
            xml.WriteAttributeString("xsi", "type", null, "CanonicalUser");
            xml.WriteElementString("ID", options.AccountId);
            xml.WriteElementString("DisplayName", "sluice");
            xml.WriteEndElement();
            xml.WriteElementString("Permission", "FULL_CONTROL");
            xml.WriteEndElement();
            xml.WriteEndElement();
        });
    }

    private void WriteOwner(System.Xml.XmlWriter xml)
    {
        xml.WriteStartElement("Owner");
        xml.WriteElementString("ID", options.AccountId);
        xml.WriteElementString("DisplayName", "sluice");
        xml.WriteEndElement();
    }
}
