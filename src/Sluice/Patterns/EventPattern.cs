using System.Text.Json;

namespace Sluice.Patterns;

/// <summary>A compiled event pattern (EventBridge rule, SNS filter policy, Lambda filter). Compile once when the rule
/// is saved; matching walks the compiled tree and never re-parses the pattern.</summary>
public sealed class EventPattern
{
    private EventPattern(string source, PatternDialect dialect, ObjectNode root)
    {
        Source = source;
        Dialect = dialect;
        Root = root;
    }

    /// <summary>The JSON text as given.</summary>
    public string Source { get; }

    public PatternDialect Dialect { get; }

    internal ObjectNode Root { get; }

    /// <exception cref="InvalidPatternException">The pattern is not valid JSON or breaks the dialect's rules.</exception>
    public static EventPattern Compile(string json, PatternDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = PatternLimits.MaxDepth * 2 });
        }
        catch (JsonException exception)
        {
            throw PatternErrors.For(dialect, $"Filter is not valid JSON: {exception.Message}");
        }
        using (document)
        {
            try
            {
                var root = new PatternCompiler(dialect).CompileRoot(document.RootElement);
                PatternComplexity.Check(root, dialect);
                return new EventPattern(json, dialect, root);
            }
            catch (InvalidPatternException exception) when (exception.Message == exception.Reason)
            {
                throw PatternErrors.For(dialect, exception.Reason);
            }
        }
    }

    public bool Matches(JsonElement document) => PatternEvaluator.Matches(Root, document, sink: null);

    /// <summary>Null when the pattern matches; otherwise the first field that failed and why.</summary>
    public PatternMismatch? Explain(JsonElement document)
    {
        var sink = new MismatchSink();
        return PatternEvaluator.Matches(Root, document, sink) ? null : sink.First ?? new PatternMismatch("", "the event is not an object");
    }

    public override string ToString() => Source;
}
