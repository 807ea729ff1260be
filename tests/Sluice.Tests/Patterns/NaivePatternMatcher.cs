using System.Net;
using System.Text.Json;

namespace Sluice.Tests.Patterns;

/// <summary>A reference matcher written straight from spec 08 §5: it interprets the pattern's JSON on every call,
/// compares decoded strings and doubles, and shares no code with Sluice.Patterns. It assumes a valid pattern.</summary>
public static class NaivePatternMatcher
{
    public static bool Matches(string pattern, string @event)
    {
        using var patternDocument = JsonDocument.Parse(pattern);
        using var eventDocument = JsonDocument.Parse(@event);
        return MatchesObject(patternDocument.RootElement, eventDocument.RootElement);
    }

    private static bool MatchesObject(JsonElement pattern, JsonElement? @event)
    {
        foreach (var property in pattern.EnumerateObject())
        {
            if (property.Name == "$or")
            {
                if (!property.Value.EnumerateArray().Any(alternative => MatchesObject(alternative, @event))) return false;
                continue;
            }
            JsonElement? value = @event is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(property.Name, out var found)
                ? found
                : null;
            var ok = property.Value.ValueKind == JsonValueKind.Object
                ? MatchesNested(property.Value, value)
                : MatchesLeaf(property.Value, value);
            if (!ok) return false;
        }
        return true;
    }

    private static bool MatchesNested(JsonElement pattern, JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Array } array) return MatchesObject(pattern, value);
        var objects = array.EnumerateArray().Where(element => element.ValueKind is JsonValueKind.Object or JsonValueKind.Array).ToList();
        return objects.Count == 0 ? MatchesObject(pattern, null) : objects.Any(element => MatchesNested(pattern, element));
    }

    private static bool MatchesLeaf(JsonElement conditions, JsonElement? value)
    {
        var scalars = value is { } present ? Scalars(present).ToList() : [];
        var absent = scalars.Count == 0;
        foreach (var condition in conditions.EnumerateArray())
        {
            if (condition.ValueKind == JsonValueKind.Object && condition.TryGetProperty("exists", out var exists))
            {
                if (exists.GetBoolean() ? !absent : absent) return true;
                continue;
            }
            if (scalars.Any(scalar => ConditionHolds(condition, scalar))) return true;
        }
        return false;
    }

    private static IEnumerable<JsonElement> Scalars(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => [],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(Scalars),
        _ => [value],
    };

    private static bool ConditionHolds(JsonElement condition, JsonElement value)
    {
        if (condition.ValueKind != JsonValueKind.Object) return SameValue(condition, value);
        var op = condition.EnumerateObject().Single();
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        return op.Name switch
        {
            "prefix" when op.Value.ValueKind == JsonValueKind.Object =>
                text is not null && text.StartsWith(op.Value.GetProperty("equals-ignore-case").GetString()!, StringComparison.OrdinalIgnoreCase),
            "prefix" => text is not null && text.StartsWith(op.Value.GetString()!, StringComparison.Ordinal),
            "suffix" when op.Value.ValueKind == JsonValueKind.Object =>
                text is not null && text.EndsWith(op.Value.GetProperty("equals-ignore-case").GetString()!, StringComparison.OrdinalIgnoreCase),
            "suffix" => text is not null && text.EndsWith(op.Value.GetString()!, StringComparison.Ordinal),
            "equals-ignore-case" => text is not null && string.Equals(text, op.Value.GetString(), StringComparison.OrdinalIgnoreCase),
            "wildcard" => text is not null && Wildcard(op.Value.GetString()!, text),
            "numeric" => value.ValueKind == JsonValueKind.Number && Numeric(op.Value, value.GetDouble()),
            "cidr" => text is not null && Cidr(op.Value.GetString()!, text),
            "anything-but" => !Excluded(op.Value, value),
            _ => throw new InvalidOperationException($"unknown operator {op.Name}"),
        };
    }

    private static bool Excluded(JsonElement operand, JsonElement value)
    {
        if (operand.ValueKind == JsonValueKind.Array) return operand.EnumerateArray().Any(excluded => SameValue(excluded, value));
        if (operand.ValueKind != JsonValueKind.Object) return SameValue(operand, value);
        var op = operand.EnumerateObject().Single();
        var operands = op.Value.ValueKind == JsonValueKind.Array ? op.Value.EnumerateArray().ToList() : [op.Value];
        return operands.Any(item => ConditionHolds(JsonDocument.Parse($"{{\"{op.Name}\":{item.GetRawText()}}}").RootElement, value));
    }

    private static bool SameValue(JsonElement literal, JsonElement value) => literal.ValueKind switch
    {
        JsonValueKind.String => value.ValueKind == JsonValueKind.String && literal.GetString() == value.GetString(),
        JsonValueKind.Number => value.ValueKind == JsonValueKind.Number && literal.GetDouble() == value.GetDouble(),
        _ => literal.ValueKind == value.ValueKind,
    };

    private static bool Numeric(JsonElement terms, double number)
    {
        var list = terms.EnumerateArray().ToList();
        for (var index = 0; index < list.Count; index += 2)
        {
            var bound = list[index + 1].GetDouble();
            var ok = list[index].GetString() switch
            {
                "=" => number == bound,
                "<" => number < bound,
                "<=" => number <= bound,
                ">" => number > bound,
                _ => number >= bound,
            };
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>Backtracking glob over characters, the textbook way.</summary>
    private static bool Wildcard(string pattern, string text)
    {
        var tokens = new List<(bool Star, char Literal)>();
        for (var index = 0; index < pattern.Length; index++)
        {
            if (pattern[index] == '\\') tokens.Add((false, pattern[++index]));
            else tokens.Add((pattern[index] == '*', pattern[index]));
        }
        return Glob(tokens, 0, text, 0);
    }

    private static bool Glob(List<(bool Star, char Literal)> tokens, int token, string text, int position)
    {
        if (token == tokens.Count) return position == text.Length;
        if (tokens[token].Star)
        {
            for (var skip = position; skip <= text.Length; skip++)
            {
                if (Glob(tokens, token + 1, text, skip)) return true;
            }
            return false;
        }
        return position < text.Length && text[position] == tokens[token].Literal && Glob(tokens, token + 1, text, position + 1);
    }

    private static bool Cidr(string range, string text)
    {
        var parts = range.Split('/');
        var network = IPAddress.Parse(parts[0]).GetAddressBytes();
        var bits = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        if (!IPAddress.TryParse(text, out var address)) return false;
        var bytes = address.GetAddressBytes();
        if (bytes.Length != network.Length) return false;
        for (var bit = 0; bit < bits; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
        }
        return true;
    }
}
