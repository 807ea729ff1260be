using System.Text;
using System.Text.Json;

namespace Sluice.Patterns;

/// <summary><c>prefix</c>, optionally with <c>equals-ignore-case</c>; strings only.</summary>
internal sealed class PrefixCondition(string text, bool ignoreCase) : Condition
{
    private readonly byte[] _utf8 = Encoding.UTF8.GetBytes(text);

    public override bool Matches(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return false;
        if (!ignoreCase) return JsonText.Utf8(value).StartsWith(_utf8);
        Span<char> buffer = stackalloc char[JsonText.StackChars];
        return JsonText.Chars(value, buffer).StartsWith(text, StringComparison.OrdinalIgnoreCase);
    }

    public override string Describe() => ignoreCase ? $"prefix (ignoring case) {Quote(text)}" : $"prefix {Quote(text)}";
}

/// <summary><c>suffix</c>, optionally with <c>equals-ignore-case</c>; strings only.</summary>
internal sealed class SuffixCondition(string text, bool ignoreCase) : Condition
{
    private readonly byte[] _utf8 = Encoding.UTF8.GetBytes(text);

    public override bool Matches(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return false;
        if (!ignoreCase) return JsonText.Utf8(value).EndsWith(_utf8);
        Span<char> buffer = stackalloc char[JsonText.StackChars];
        return JsonText.Chars(value, buffer).EndsWith(text, StringComparison.OrdinalIgnoreCase);
    }

    public override string Describe() => ignoreCase ? $"suffix (ignoring case) {Quote(text)}" : $"suffix {Quote(text)}";
}

/// <summary><c>equals-ignore-case</c>; strings only.</summary>
internal sealed class EqualsIgnoreCaseCondition(string text) : Condition
{
    public override bool Matches(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return false;
        Span<char> buffer = stackalloc char[JsonText.StackChars];
        return JsonText.Chars(value, buffer).Equals(text, StringComparison.OrdinalIgnoreCase);
    }

    public override string Describe() => $"equals-ignore-case {Quote(text)}";
}

/// <summary><c>wildcard</c>; strings only.</summary>
internal sealed class WildcardCondition(WildcardPattern pattern) : Condition
{
    public override bool Matches(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && pattern.Matches(JsonText.Utf8(value));

    public override string Describe() => $"wildcard {Quote(pattern.Source)}";
}

/// <summary><c>anything-but</c>: a present value that none of the excluded conditions match. Values of another type
/// than the excluded ones are "anything but" them too (event-ruler compares typed values), so the number 5 matches
/// <c>{"anything-but": "5"}</c> and <c>{"anything-but": {"prefix": "5"}}</c>.</summary>
internal sealed class AnythingButCondition(Condition[] excluded) : Condition
{
    public override bool Matches(JsonElement value)
    {
        foreach (var condition in excluded)
        {
            if (condition.Matches(value)) return false;
        }
        return true;
    }

    public override string Describe() => $"anything-but [{string.Join(", ", excluded.Select(condition => condition.Describe()))}]";
}
