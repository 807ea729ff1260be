using System.Text.Json;

namespace Sluice.Functions.Api;

/// <summary>A Lambda API error: the exception name SDKs map to a type, and its HTTP status.</summary>
public sealed class LambdaException(LambdaError error, string message) : Exception(message)
{
    public LambdaError Error { get; } = error;
    public string? Reason { get; init; }
}

public sealed record LambdaError(string Code, int Status);

/// <summary>The Lambda error table: code and HTTP status in one place; one writer renders them.</summary>
public static class LambdaErrors
{
    public static readonly LambdaError ResourceNotFound = new("ResourceNotFoundException", 404);
    public static readonly LambdaError ResourceConflict = new("ResourceConflictException", 409);
    public static readonly LambdaError InvalidParameterValue = new("InvalidParameterValueException", 400);
    public static readonly LambdaError InvalidRequestContent = new("InvalidRequestContentException", 400);
    public static readonly LambdaError RequestTooLarge = new("RequestTooLargeException", 413);
    public static readonly LambdaError TooManyRequests = new("TooManyRequestsException", 429);
    public static readonly LambdaError PreconditionFailed = new("PreconditionFailedException", 412);
    public static readonly LambdaError UnknownOperation = new("UnknownOperationException", 404);
    public static readonly LambdaError Service = new("ServiceException", 500);

    /// <summary>The Lambda error for a request that failed authentication (the edge authenticates).</summary>
    public static LambdaException Unauthenticated(Auth.AuthFailure failure)
    {
        var error = Gateway.AwsServiceAuthErrors.For(failure);
        return new(new LambdaError(error.JsonCode, error.Status), error.Message);
    }

    public static LambdaException FunctionNotFound(string arn) =>
        new(ResourceNotFound, $"Function not found: {arn}");

    public static LambdaException InvalidParameter(string message) => new(InvalidParameterValue, message);

    public static LambdaException Throttled(string reason) =>
        new(TooManyRequests, "Rate Exceeded.") { Reason = reason };

    public static async Task WriteAsync(HttpContext context, LambdaException exception)
    {
        var response = context.Response;
        response.StatusCode = exception.Error.Status;
        response.ContentType = "application/json";
        response.Headers["x-amzn-ErrorType"] = exception.Error.Code;
        string? retryAfter = null;
        if (exception.Error == TooManyRequests)
        {
            retryAfter = "1";
            response.Headers.RetryAfter = retryAfter;
        }
        var body = new LambdaErrorBody { Message = exception.Message, Reason = exception.Reason, RetryAfterSeconds = retryAfter };
        await JsonSerializer.SerializeAsync(response.Body, body, LambdaJsonContext.Default.LambdaErrorBody);
    }
}
