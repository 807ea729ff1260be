using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Events;

/// <summary>The S3 event notification JSON: one record per message, as S3 sends it to Lambda, SQS and SNS.</summary>
public static class S3EventMessage
{
    // S3 writes '+' and non-ASCII literally; the default encoder would escape them as \uXXXX.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Create(ObjectChange change, string configurationId, string region, string ownerId)
    {
        // Sized for a whole message, so that it is written once; this runs inside the uploading write's transaction.
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            json.WriteStartObject();
            json.WriteString("eventVersion", change.EventName.IsTagging() ? "2.3" : "2.1");
            json.WriteString("eventSource", "aws:s3");
            json.WriteString("awsRegion", region);
            json.WriteString("eventTime", change.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("eventName", change.EventName.WireName());
            json.WriteStartObject("userIdentity");
            json.WriteString("principalId", change.Origin.PrincipalId);
            json.WriteEndObject();
            json.WriteStartObject("requestParameters");
            json.WriteString("sourceIPAddress", change.Origin.SourceIp);
            json.WriteEndObject();
            json.WriteStartObject("responseElements");
            json.WriteString("x-amz-request-id", change.Origin.RequestId);
            json.WriteString("x-amz-id-2", change.Origin.HostId);
            json.WriteEndObject();
            json.WriteStartObject("s3");
            json.WriteString("s3SchemaVersion", "1.0");
            json.WriteString("configurationId", configurationId);
            json.WriteStartObject("bucket");
            json.WriteString("name", change.Bucket);
            json.WriteStartObject("ownerIdentity");
            json.WriteString("principalId", ownerId);
            json.WriteEndObject();
            json.WriteString("arn", "arn:aws:s3:::" + change.Bucket);
            json.WriteEndObject();
            json.WriteStartObject("object");
            json.WriteString("key", EventKeyEncoding.Encode(change.Key));
            if (change.EventName.IsCreated())
            {
                json.WriteNumber("size", change.Size ?? 0);
                json.WriteString("eTag", change.ETag);
            }
            if (change.EventName.IsTagging())
                json.WriteString("eTag", change.ETag);
            else
                json.WriteString("sequencer", FormatSequencer(change.Sequencer));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Fixed-width uppercase hex, so that right- and left-padding comparisons agree.</summary>
    public static string FormatSequencer(long sequencer) => sequencer.ToString("X18", CultureInfo.InvariantCulture);
}
