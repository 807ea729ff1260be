using Sluice.Gateway;

namespace Sluice.Storage.Objects;

/// <summary>DeleteObjects: up to 1000 keys in one request, each reported as deleted or as an error.</summary>
public sealed class DeleteObjectsHandler(ObjectStore store)
{
    private const int MaxKeys = 1000;

    // DeleteObjects
    public async Task DeleteObjectsAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        store.RequireBucket(bucket);
        var document = await S3Xml.ReadAsync(request.Body, request.Aborted);
        if (document.Name.LocalName != "Delete") throw new S3Exception(S3Errors.MalformedXml);
        var quiet = string.Equals(document.ChildValue("Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var targets = document.Children("Object")
            .Select(element => (Key: element.ChildValue("Key"), VersionId: element.ChildValue("VersionId")))
            .ToList();
        if (targets.Count is 0 or > MaxKeys || targets.Any(target => target.Key is null))
            throw new S3Exception(S3Errors.MalformedXml);

        // Concurrent deletes share group commits instead of paying one fsync per key.
        var origin = request.Origin;
        var results = await Task.WhenAll(targets.Select(target => DeleteOneAsync(bucket, target.Key!, target.VersionId, origin)));

        await S3Xml.WriteAsync(request.Response, "DeleteResult", xml =>
        {
            foreach (var (key, versionId, error, message) in results)
            {
                if (error is null && quiet) continue;
                xml.WriteStartElement(error is null ? "Deleted" : "Error");
                xml.WriteElementString("Key", key);
                xml.Element("VersionId", versionId);
                if (error is not null)
                {
                    xml.WriteElementString("Code", error.Code);
                    xml.WriteElementString("Message", message);
                }
                xml.WriteEndElement();
            }
        });
    }

    private async Task<(string Key, string? VersionId, S3Error? Error, string? Message)> DeleteOneAsync(string bucket, string key, string? versionId, Events.RequestOrigin origin)
    {
        try
        {
            ObjectHandlers.RejectUnknownVersion(versionId);
            await store.DeleteAsync(bucket, key, origin);
            return (key, versionId, null, null);
        }
        catch (S3Exception failure)
        {
            return (key, versionId, failure.Error, failure.Message);
        }
    }
}
