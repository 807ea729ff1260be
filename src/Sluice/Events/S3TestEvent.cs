using System.Globalization;
using System.Text.Json;

namespace Sluice.Events;

/// <summary>The message S3 sends a queue or topic when a notification configuration naming it is set.</summary>
public static class S3TestEvent
{
    public static string Create(string bucket, DateTimeOffset at)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Service", "Amazon S3");
            json.WriteString("Event", "s3:TestEvent");
            json.WriteString("Time", at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("Bucket", bucket);
            json.WriteString("RequestId", Convert.ToHexString(Guid.NewGuid().ToByteArray())[..16]);
            json.WriteString("HostId", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
