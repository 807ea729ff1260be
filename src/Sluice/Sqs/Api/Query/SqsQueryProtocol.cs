using System.Text.Json.Nodes;
using Sluice.Gateway;

namespace Sluice.Sqs.Api.Query;

/// <summary>
/// SQS's query protocol around the protocol-neutral operations: the form becomes the JSON protocol's input, the
/// output becomes the query XML, and every error is an <c>ErrorResponse</c> with the query code.
/// </summary>
public static class SqsQueryProtocol
{
    /// <summary>Serves one query request; <paramref name="run"/> runs an action on its JSON-shaped input.</summary>
    public static async Task HandleAsync(HttpContext context, Func<string, JsonObject, Task<JsonObject>> run)
    {
        try
        {
            var call = await SqsQueryRequest.ReadAsync(context.Request, context.RequestAborted);
            var output = await run(call.Action, call.Input);
            var requestId = RequestIds.Of(context);
            var body = SqsQueryResponse.Render(call.Action, output, requestId);
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = SqsQueryResponse.ContentType;
            response.ContentLength = body.Length;
            response.Headers["x-amzn-RequestId"] = requestId;
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
        catch (SqsQueryException error)
        {
            await AwsQueryErrorWriter.WriteAsync(context, error.Status, error.Code, error.Message);
        }
        catch (SqsException error)
        {
            await AwsQueryErrorWriter.WriteAsync(context, error.Error.Status, error.Error.QueryCode, error.Message);
        }
    }
}
