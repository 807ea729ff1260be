namespace Sluice.Gateway;

/// <summary>Renders an error of the AWS query protocol (SNS, STS, SQS's query form): an <c>ErrorResponse</c> document.</summary>
public static class AwsQueryErrorWriter
{
    public static async Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }
        var requestId = RequestIds.Of(context);
        var body = S3Xml.Render("ErrorResponse", xml =>
        {
            xml.WriteStartElement("Error");
            xml.WriteElementString("Type", status >= 500 ? "Receiver" : "Sender");
            xml.WriteElementString("Code", code);
            xml.WriteElementString("Message", message);
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", requestId);
        }, xmlNamespace: null);
        response.StatusCode = status;
        response.ContentType = "text/xml";
        response.ContentLength = body.Length;
        response.Headers["x-amzn-RequestId"] = requestId;
        await response.Body.WriteAsync(body);
    }
}
