namespace Sluice.Patterns;

/// <summary>Which service's rules a pattern is compiled under: operator set, limits, nesting and error wording.</summary>
public enum PatternDialect
{
    EventBridge,
    SnsMessageAttributes,
    SnsMessageBody,
    LambdaFilter,
}
