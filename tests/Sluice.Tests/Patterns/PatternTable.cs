using System.Text.Json;
using Sluice.Patterns;

namespace Sluice.Tests.Patterns;

/// <summary>Rows of (pattern, event, expected) written with single quotes for readability.</summary>
public sealed class PatternTable : TheoryData<string, string, bool>
{
    public PatternTable Row(string pattern, string @event, bool matches)
    {
        Add(Json(pattern), Json(@event), matches);
        return this;
    }

    public static string Json(string singleQuoted) => singleQuoted.Replace('\'', '"');

    public static bool Matches(string pattern, string @event, PatternDialect dialect = PatternDialect.EventBridge)
    {
        var compiled = EventPattern.Compile(pattern, dialect);
        using var document = JsonDocument.Parse(@event);
        var matches = compiled.Matches(document.RootElement);
        Assert.Equal(matches, compiled.Explain(document.RootElement) is null);
        return matches;
    }
}
