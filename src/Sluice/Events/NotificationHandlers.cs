using Sluice.Gateway;
using Sluice.Storage;

namespace Sluice.Events;

/// <summary>PutBucketNotificationConfiguration and GetBucketNotificationConfiguration.</summary>
public sealed class NotificationHandlers(ObjectStore store, NotificationStore notifications, EventHandOff events, TimeProvider time)
{
    // PutBucketNotificationConfiguration
    public async Task PutBucketNotificationConfigurationAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        store.RequireBucket(bucket);
        var configuration = NotificationConfigurationXml.Parse(await S3Xml.ReadAsync(request.Body, request.Aborted));
        var skipValidation = string.Equals(request.Header("x-amz-skip-destination-validation"), "true", StringComparison.OrdinalIgnoreCase);
        NotificationValidator.Validate(configuration, skipValidation, events.DestinationProblem);
        try
        {
            await store.Catalog.WriteAsync(connection =>
            {
                notifications.Set(connection, bucket, configuration);
                events.Configured(connection, bucket, configuration, time.GetUtcNow());
            });
        }
        catch
        {
            notifications.Forget(bucket);
            throw;
        }
        request.Response.StatusCode = 200;
    }

    // GetBucketNotificationConfiguration
    public async Task GetBucketNotificationConfigurationAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        store.RequireBucket(bucket);
        var configuration = store.Catalog.Read(connection => notifications.Get(connection, bucket));
        var body = NotificationConfigurationXml.Render(configuration);
        request.Response.ContentType = "application/xml";
        request.Response.ContentLength = body.Length;
        await request.Response.Body.WriteAsync(body, request.Aborted);
    }
}
