using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Auth;
using Sluice.Gateway;
using Sluice.Sqs.Api.Query;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;
using Sluice.Sqs.Redrive;

namespace Sluice.Sqs.Api;

/// <summary>
/// The SQS API at the edge. Operations are written once, in the AWS JSON 1.0 protocol's shape: each takes the request
/// as a <see cref="JsonObject"/> and returns the response as one (<see cref="RunAsync"/>). The JSON protocol parses the
/// body into that object and serializes the result; the query protocol converts its form into it and renders the
/// result as XML.
/// </summary>
public sealed partial class SqsApi(SqsQueueStore queues, SqsMessageStore messages, MessageMoveTasks moveTasks, IHostApplicationLifetime lifetime)
    : IEdgeProtocol
{
    public const string TargetPrefix = "AmazonSQS";
    private const string JsonErrorPrefix = "com.amazonaws.sqs#";
    private const int MaxRequestBytes = 8 * 1024 * 1024;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonDocumentOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>A queue URL's path (<c>/ACCOUNT/NAME</c>): where the query protocol may post a queue's actions.</summary>
    public static bool IsQueuePath(PathString path) => path.Value is { } value && QueuePath().IsMatch(value);

    public bool AllowsAnonymous(HttpRequest request) => false;

    public async Task HandleAsync(HttpContext context, AuthResult auth)
    {
        if (!SpeaksJson(context.Request))
        {
            var queryCall = SqsCall.Of(context, auth.AccessKeyId ?? "");
            await SqsQueryProtocol.HandleAsync(context, (action, input) => RunAsync(action, input, queryCall));
            return;
        }
        try
        {
            var operation = context.Request.Headers["X-Amz-Target"].ToString()[(TargetPrefix.Length + 1)..];
            var input = await ReadJsonAsync(context.Request);
            var output = await RunAsync(operation, input, SqsCall.Of(context, auth.AccessKeyId ?? ""));
            await WriteJsonAsync(context, output);
        }
        catch (SqsException error)
        {
            await WriteJsonErrorAsync(context, error);
        }
    }

    public Task WriteAuthFailureAsync(HttpContext context, AuthFailure failure)
    {
        var error = AwsServiceAuthErrors.For(failure);
        return SpeaksJson(context.Request)
            ? AwsJsonErrorWriter.WriteAsync(context, error.Status, error.JsonCode, error.Message, $"{error.QueryCode};Sender")
            : AwsQueryErrorWriter.WriteAsync(context, error.Status, error.QueryCode, error.Message);
    }

    public Task WriteInternalErrorAsync(HttpContext context)
    {
        var error = SqsErrors.InternalError.With("An internal error occurred in Sluice; the server log has the details.");
        return SpeaksJson(context.Request)
            ? WriteJsonErrorAsync(context, error)
            : AwsQueryErrorWriter.WriteAsync(context, error.Error.Status, error.Error.QueryCode, error.Message);
    }

    /// <summary>
    /// Runs one operation by its AWS name on a request in the JSON protocol's shape and returns the response in that
    /// shape (an empty object for operations without output). Throws <see cref="SqsException"/> for SQS errors.
    /// </summary>
    public Task<JsonObject> RunAsync(string operation, JsonObject request, SqsCall call)
    {
        var input = new SqsInput(request);
        return operation switch
        {
            "CreateQueue" => CreateQueueAsync(input, call),                                   // CreateQueue
            "GetQueueUrl" => Task.FromResult(GetQueueUrl(input, call)),                       // GetQueueUrl
            "ListQueues" => Task.FromResult(ListQueues(input, call)),                         // ListQueues
            "DeleteQueue" => DeleteQueueAsync(input),                                         // DeleteQueue
            "GetQueueAttributes" => Task.FromResult(GetQueueAttributes(input)),               // GetQueueAttributes
            "SetQueueAttributes" => SetQueueAttributesAsync(input),                           // SetQueueAttributes
            "TagQueue" => TagQueueAsync(input),                                               // TagQueue
            "UntagQueue" => UntagQueueAsync(input),                                           // UntagQueue
            "ListQueueTags" => Task.FromResult(ListQueueTags(input)),                         // ListQueueTags
            "PurgeQueue" => PurgeQueueAsync(input),                                           // PurgeQueue
            "SendMessage" => SendMessageAsync(input, call),                                   // SendMessage
            "SendMessageBatch" => SendMessageBatchAsync(input, call),                         // SendMessageBatch
            "ReceiveMessage" => ReceiveMessageAsync(input, call),                             // ReceiveMessage
            "DeleteMessage" => DeleteMessageAsync(input),                                     // DeleteMessage
            "DeleteMessageBatch" => DeleteMessageBatchAsync(input),                           // DeleteMessageBatch
            "ChangeMessageVisibility" => ChangeMessageVisibilityAsync(input),                 // ChangeMessageVisibility
            "ChangeMessageVisibilityBatch" => ChangeMessageVisibilityBatchAsync(input),       // ChangeMessageVisibilityBatch
            "ListDeadLetterSourceQueues" => Task.FromResult(ListDeadLetterSourceQueues(input, call)), // ListDeadLetterSourceQueues
            "StartMessageMoveTask" => StartMessageMoveTaskAsync(input),                       // StartMessageMoveTask
            "ListMessageMoveTasks" => Task.FromResult(ListMessageMoveTasks(input)),           // ListMessageMoveTasks
            "CancelMessageMoveTask" => CancelMessageMoveTaskAsync(input),                     // CancelMessageMoveTask
            "AddPermission" or "RemovePermission" => throw SqsErrors.UnsupportedOperation.With( // AddPermission, RemovePermission
                $"Sluice does not serve {operation}: queue policies and cross-account permissions are not available."),
            _ => throw SqsErrors.UnknownOperation.With($"The action {operation} is not valid for this endpoint."),
        };
    }

    /// <summary>The queue a request's QueueUrl names, by the URL's path (clients rewrite hosts).</summary>
    private SqsQueue Queue(SqsInput input)
    {
        var url = input.RequiredString("QueueUrl");
        var name = SqsQueueNames.NameOfUrl(url, out var account)
            ?? throw SqsErrors.InvalidAddress.With($"The address {url} is not valid for this endpoint.");
        return account == queues.AccountId && queues.Find(name) is { } queue ? queue : throw SqsErrors.NoSuchQueue();
    }

    private string Url(SqsCall call, SqsQueue queue) => SqsQueueNames.Url(call.BaseUrl, queues.AccountId, queue.Name);

    private static bool SpeaksJson(HttpRequest request) =>
        request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix + ".", StringComparison.Ordinal);

    private static async Task<JsonObject> ReadJsonAsync(HttpRequest request)
    {
        var body = await ReadBodyAsync(request);
        if (body.Length == 0) return [];
        try
        {
            return JsonNode.Parse(body, documentOptions: ReaderOptions) as JsonObject
                ?? throw SqsErrors.InvalidParameterValue.With("The request body must be a JSON object.");
        }
        catch (Exception failure) when (failure is JsonException or ArgumentException)
        {
            throw SqsErrors.InvalidParameterValue.With("The request body is not valid JSON: " + failure.Message);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxRequestBytes)
            throw SqsErrors.InvalidParameterValue.With($"The request is longer than {MaxRequestBytes} bytes.");
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > MaxRequestBytes)
                    throw SqsErrors.InvalidParameterValue.With($"The request is longer than {MaxRequestBytes} bytes.");
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonObject output)
    {
        var bytes = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(bytes, WriterOptions))
            output.WriteTo(writer);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = RequestSignals.JsonContentType(context.Request);
        response.ContentLength = bytes.WrittenCount;
        response.Headers["x-amzn-RequestId"] = RequestIds.Of(context);
        await response.Body.WriteAsync(bytes.WrittenMemory, context.RequestAborted);
    }

    private static Task WriteJsonErrorAsync(HttpContext context, SqsException error) =>
        AwsJsonErrorWriter.WriteAsync(context, error.Error.Status, JsonErrorPrefix + error.Error.Code, error.Message,
            $"{error.Error.QueryCode};{(error.Error.SenderFault ? "Sender" : "Receiver")}");

    [GeneratedRegex(@"^/[0-9]{12}/[A-Za-z0-9_-]{1,80}(\.fifo)?$")]
    private static partial Regex QueuePath();
}
