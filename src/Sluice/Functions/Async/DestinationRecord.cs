using System.Text.Json;
using Sluice.Functions.Scheduling;

namespace Sluice.Functions.Async;

/// <summary>The invocation record AWS sends to an on-success or on-failure destination.</summary>
public static class DestinationRecord
{
    public const string Success = "Success";
    public const string RetriesExhausted = "RetriesExhausted";
    public const string EventAgeExceeded = "EventAgeExceeded";

    public static byte[] Create(
        DateTimeOffset timestamp, string requestId, string functionArn, string condition, int approximateInvokeCount,
        ReadOnlySpan<byte> requestPayload, InvocationResult? result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteStartObject("requestContext");
            json.WriteString("requestId", requestId);
            json.WriteString("functionArn", functionArn + ":$LATEST");
            json.WriteString("condition", condition);
            json.WriteNumber("approximateInvokeCount", approximateInvokeCount);
            json.WriteEndObject();
            json.WritePropertyName("requestPayload");
            WritePayload(json, requestPayload);
            if (result is not null)
            {
                json.WriteStartObject("responseContext");
                json.WriteNumber("statusCode", 200);
                json.WriteString("executedVersion", "$LATEST");
                if (result.FunctionError is { } functionError)
                    json.WriteString("functionError", functionError);
                json.WriteEndObject();
                json.WritePropertyName("responsePayload");
                WritePayload(json, result.Payload.Span);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>A payload that is JSON is embedded as a value; anything else as a string.</summary>
    private static void WritePayload(Utf8JsonWriter json, ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            json.WriteNullValue();
            return;
        }
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            document.RootElement.WriteTo(json);
        }
        catch (JsonException)
        {
            json.WriteStringValue(System.Text.Encoding.UTF8.GetString(payload));
        }
    }
}
