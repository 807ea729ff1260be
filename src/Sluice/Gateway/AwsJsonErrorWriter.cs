using System.Text.Json;

namespace Sluice.Gateway;

/// <summary>
/// Renders an error of the AWS JSON protocols (1.0, 1.1) and REST-JSON: the code in <c>__type</c> and in
/// <c>x-amzn-ErrorType</c>, which is where the SDKs of either family look for it. A service that also speaks the query
/// protocol (SQS) passes its query code as <paramref name="queryError"/> (<c>Code;Sender</c>), sent as
/// <c>x-amzn-query-error</c> so that SDKs surface the legacy code.
/// </summary>
public static class AwsJsonErrorWriter
{
    public static async Task WriteAsync(HttpContext context, int status, string code, string message, string? queryError = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }
        response.StatusCode = status;
        response.ContentType = RequestSignals.JsonContentType(context.Request);
        response.Headers["x-amzn-ErrorType"] = code;
        response.Headers["x-amzn-RequestId"] = RequestIds.Of(context);
        if (queryError is not null)
            response.Headers["x-amzn-query-error"] = queryError;
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteString("__type", code);
        json.WriteString("message", message);
        json.WriteEndObject();
    }
}
