using Sluice.Events;
using Sluice.Gateway;

namespace Sluice.Storage.Objects;

/// <summary>PutObjectTagging, GetObjectTagging, DeleteObjectTagging.</summary>
public sealed class TaggingHandlers(ObjectStore store)
{
    // PutObjectTagging
    public async Task PutObjectTaggingAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        ObjectHandlers.RejectUnknownVersion(request.QueryValue("versionId"));
        var tags = TagSet.FromXml(await S3Xml.ReadAsync(request.Body, request.Aborted));
        await store.SetTagsAsync(bucket, request.Key, tags, new ChangeSource(S3EventName.ObjectTaggingPut, request.Origin));
        request.Response.Headers["x-amz-version-id"] = "null";
        request.Response.StatusCode = 200;
    }

    // GetObjectTagging
    public Task GetObjectTaggingAsync(S3Request request)
    {
        var record = store.RequireObject(request.RequireBucket(), request.Key);
        request.Response.Headers["x-amz-version-id"] = "null";
        return S3Xml.WriteAsync(request.Response, "Tagging", xml => TagSet.WriteXml(xml, record.Tags));
    }

    // DeleteObjectTagging
    public async Task DeleteObjectTaggingAsync(S3Request request)
    {
        await store.SetTagsAsync(request.RequireBucket(), request.Key, new Dictionary<string, string>(),
            new ChangeSource(S3EventName.ObjectTaggingDelete, request.Origin));
        request.Response.Headers["x-amz-version-id"] = "null";
        request.Response.StatusCode = 204;
    }
}
