namespace Sluice.Patterns;

/// <summary>How each service words a rejected pattern around the bare reason.</summary>
internal static class PatternErrors
{
    public const string SnsNestedAttributePolicy =
        "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy";

    public static InvalidPatternException For(PatternDialect dialect, string reason) => new(dialect switch
    {
        PatternDialect.EventBridge => $"Event pattern is not valid. Reason: {reason}",
        PatternDialect.SnsMessageAttributes or PatternDialect.SnsMessageBody => $"Invalid parameter: FilterPolicy: {reason}",
        _ => "Invalid filter pattern definition.",
    })
    { Reason = reason };

    public static InvalidPatternException Worded(string message, string reason) => new(message) { Reason = reason };
}
