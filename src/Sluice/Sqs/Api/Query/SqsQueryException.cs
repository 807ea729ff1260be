namespace Sluice.Sqs.Api.Query;

/// <summary>
/// A query-protocol request that cannot become an operation's input, with the query error SQS answers: code,
/// HTTP status, message. (AWS's common errors of the query protocol; all are the sender's fault.)
/// </summary>
public sealed class SqsQueryException : Exception
{
    private SqsQueryException(string code, int status, string message) : base(message)
    {
        Code = code;
        Status = status;
    }

    public string Code { get; }

    public int Status { get; }

    public static SqsQueryException MissingAction() =>
        new("MissingAction", 400, "The request must contain the parameter Action.");

    public static SqsQueryException InvalidAction(string action) =>
        new("InvalidAction", 400, $"The action {action} is not valid for this endpoint.");

    public static SqsQueryException MissingParameter(string parameter) =>
        new("MissingParameter", 400, $"The request must contain the parameter {parameter}.");

    public static SqsQueryException InvalidParameterValue(string message) =>
        new("InvalidParameterValue", 400, message);

    /// <summary>Parameters that do not follow the query protocol's own rules: numbering of list items, nesting, counts.</summary>
    public static SqsQueryException InvalidQueryParameter(string message) =>
        new("InvalidQueryParameter", 400, message);
}
