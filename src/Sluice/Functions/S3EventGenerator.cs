using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Sluice.Functions;

/// <summary>Sample S3 notification events (`sluice events generate`), shaped as S3 sends them to Lambda.</summary>
public static class S3EventGenerator
{
    public static string Generate(string eventName, string bucket, string key, long size, string region, DateTimeOffset time)
    {
        var removed = eventName.StartsWith("ObjectRemoved", StringComparison.Ordinal);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            json.WriteStartObject();
            json.WriteString("eventVersion", "2.1");
            json.WriteString("eventSource", "aws:s3");
            json.WriteString("awsRegion", region);
            json.WriteString("eventTime", time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("eventName", eventName);
            json.WriteStartObject("userIdentity");
            json.WriteString("principalId", "AIDAEXAMPLEUSERID01");
            json.WriteEndObject();
            json.WriteStartObject("requestParameters");
            json.WriteString("sourceIPAddress", "127.0.0.1");
            json.WriteEndObject();
            json.WriteStartObject("responseElements");
            json.WriteString("x-amz-request-id", Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));
            json.WriteString("x-amz-id-2", Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
            json.WriteEndObject();
            json.WriteStartObject("s3");
            json.WriteString("s3SchemaVersion", "1.0");
            json.WriteString("configurationId", "sluice-generated");
            json.WriteStartObject("bucket");
            json.WriteString("name", bucket);
            json.WriteStartObject("ownerIdentity");
            json.WriteString("principalId", "OWNEREXAMPLE01");
            json.WriteEndObject();
            json.WriteString("arn", "arn:aws:s3:::" + bucket);
            json.WriteEndObject();
            json.WriteStartObject("object");
            json.WriteString("key", EncodeKey(key));
            if (!removed)
            {
                json.WriteNumber("size", size);
                json.WriteString("eTag", Convert.ToHexStringLower(MD5.HashData(BitConverter.GetBytes(size))));
            }
            json.WriteString("sequencer", time.ToUnixTimeMilliseconds().ToString("X16", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Form-style URL encoding per path segment (space → '+', '/' kept), as S3 writes keys in events.</summary>
    public static string EncodeKey(string key) => string.Join('/', key.Split('/').Select(WebUtility.UrlEncode));
}
