namespace Sluice.Sqs;

/// <summary>An SQS protocol error: one of <see cref="SqsErrors"/>, with the message the client is shown.</summary>
public sealed class SqsException(SqsError error, string message) : Exception(message)
{
    public SqsError Error { get; } = error;
}

/// <summary>
/// One SQS error as both wire protocols name it: <paramref name="Code"/> is the JSON protocol's short code
/// (<c>com.amazonaws.sqs#Code</c>), <paramref name="QueryCode"/> the query protocol's (also sent to JSON clients in
/// <c>x-amzn-query-error</c>, which SDKs map to their typed exceptions).
/// </summary>
public sealed record SqsError(string Code, string QueryCode, int Status, bool SenderFault)
{
    public SqsException With(string message) => new(this, message);
}
