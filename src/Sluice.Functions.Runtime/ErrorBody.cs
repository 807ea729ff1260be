using System.Reflection;
using System.Text.Json;

namespace Sluice.Functions.Runtime;

/// <summary>The error document Lambda's .NET runtime posts: errorType (the exception's type name), errorMessage, stackTrace and the inner cause.</summary>
internal static class ErrorBody
{
    /// <summary>The exception the handler threw, without the wrappers that reflection and tasks add around it.</summary>
    public static Exception Unwrap(Exception error)
    {
        while (true)
        {
            switch (error)
            {
                case TargetInvocationException { InnerException: { } inner }:
                    error = inner;
                    break;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    error = aggregate.InnerExceptions[0];
                    break;
                default:
                    return error;
            }
        }
    }

    public static string ErrorType(Exception error) => error is HandlerException handler ? handler.ErrorType : error.GetType().Name;

    public static byte[] Create(Exception error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
            Write(json, error, depth: 0);
        return buffer.ToArray();
    }

    /// <summary>The handler's frames: what reflection and this host add below them says nothing about the user's code.</summary>
    public static IEnumerable<string> StackTrace(Exception error)
    {
        var frames = (error.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return error is HandlerException
            ? []
            : frames.Where(frame => !frame.StartsWith("at System.Reflection.", StringComparison.Ordinal)
                && !frame.StartsWith("at Sluice.Functions.Runtime.", StringComparison.Ordinal)
                && !frame.StartsWith("---", StringComparison.Ordinal));
    }

    /// <summary>The error as one log entry: type, message and the handler's frames.</summary>
    public static string LogText(Exception error) =>
        string.Join('\n', StackTrace(error).Prepend($"{error.GetType().FullName}: {error.Message}"));

    private static void Write(Utf8JsonWriter json, Exception error, int depth)
    {
        json.WriteStartObject();
        json.WriteString("errorType", ErrorType(error));
        json.WriteString("errorMessage", error.Message);
        json.WriteStartArray("stackTrace");
        foreach (var frame in StackTrace(error))
            json.WriteStringValue(frame);
        json.WriteEndArray();
        if (error.InnerException is { } inner && depth < 8)
        {
            json.WritePropertyName("cause");
            Write(json, inner, depth + 1);
        }
        json.WriteEndObject();
    }
}
