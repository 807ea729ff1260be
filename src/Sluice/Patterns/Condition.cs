using System.Text.Json;

namespace Sluice.Patterns;

/// <summary>One entry of a leaf array, tested against one scalar event value (string, number, true, false, null).</summary>
internal abstract class Condition
{
    public abstract bool Matches(JsonElement value);

    /// <summary>The condition as a reader of an explanation would write it: <c>"abc"</c>, <c>prefix "up/"</c>, <c>&gt; 10</c>.</summary>
    public abstract string Describe();

    protected static string Quote(string text) => JsonSerializer.Serialize(text);
}
