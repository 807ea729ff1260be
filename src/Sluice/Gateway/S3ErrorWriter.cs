namespace Sluice.Gateway;

/// <summary>Renders an S3 error as S3 does: XML with Code, Message, RequestId; HEAD gets the status only.</summary>
public static class S3ErrorWriter
{
    public static async Task WriteAsync(HttpContext context, S3Error error, string message,
        IEnumerable<KeyValuePair<string, string>>? details = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }
        response.Headers.Remove("ETag");
        response.Headers.Remove("Last-Modified");
        response.StatusCode = error.StatusCode;
        if (HttpMethods.IsHead(context.Request.Method))
            return;
        var requestId = RequestIds.Of(context);
        var body = S3Xml.Render("Error", xml =>
        {
            xml.WriteElementString("Code", error.Code);
            xml.WriteElementString("Message", message);
            foreach (var (name, value) in details ?? [])
                xml.WriteElementString(name, value);
            xml.WriteElementString("RequestId", requestId);
            xml.WriteElementString("HostId", requestId);
        }, xmlNamespace: null);
        response.ContentType = "application/xml";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }

    public static Task WriteAsync(HttpContext context, S3Exception exception) =>
        WriteAsync(context, exception.Error, exception.Message, exception.Details);
}
