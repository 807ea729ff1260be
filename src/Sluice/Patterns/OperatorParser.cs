using System.Text.Json;

namespace Sluice.Patterns;

/// <summary>Parses one operator object of a leaf array (<c>{"prefix": "a"}</c>, <c>{"numeric": [">", 1]}</c>, …),
/// with event-ruler's wording for the ways it can be wrong.</summary>
internal sealed class OperatorParser(PatternDialect dialect)
{
    private const string OnlyOneKey = "Only one key allowed in match expression";

    /// <summary><c>true</c>/<c>false</c> for an <c>exists</c> operator, null for any other operator.</summary>
    public bool? TryParseExists(JsonElement expression)
    {
        var (name, operand) = Single(expression, "Match expression name not found");
        if (name != "exists") return null;
        return operand.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidPatternException("exists match pattern must be either true or false."),
        };
    }

    public Condition Parse(JsonElement expression)
    {
        var (name, operand) = Single(expression, "Match expression name not found");
        if (!Supports(name)) throw new InvalidPatternException($"Unrecognized match type {name}");
        return name switch
        {
            "prefix" => ParseAffix(operand, "prefix", (text, ignoreCase) => new PrefixCondition(text, ignoreCase)),
            "suffix" => ParseAffix(operand, "suffix", (text, ignoreCase) => new SuffixCondition(text, ignoreCase)),
            "equals-ignore-case" => new EqualsIgnoreCaseCondition(Text(operand, "equals-ignore-case match pattern must be a string")),
            "wildcard" => new WildcardCondition(WildcardPattern.Parse(Text(operand, "wildcard match pattern must be a string"))),
            "anything-but" => ParseAnythingBut(operand),
            "numeric" => ParseNumeric(operand),
            "cidr" => CidrCondition.Parse(Text(operand, "cidr match pattern must be a string")),
            _ => throw new InvalidPatternException($"Unrecognized match type {name}"),
        };
    }

    public static double Number(JsonElement value, string what)
    {
        if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw new InvalidPatternException($"{what} {value.GetRawText()} is out of range");
        }
        return number;
    }

    // Wildcard is an EventBridge operator; SNS and Lambda filters document no wildcard and Lambda no cidr.
    private bool Supports(string name) => name switch
    {
        "wildcard" => dialect == PatternDialect.EventBridge,
        "cidr" => dialect != PatternDialect.LambdaFilter,
        _ => true,
    };

    private static Condition ParseAffix(JsonElement operand, string name, Func<string, bool, Condition> create)
    {
        if (operand.ValueKind == JsonValueKind.String) return create(operand.GetString()!, false);
        if (operand.ValueKind != JsonValueKind.Object) throw new InvalidPatternException($"{name} match pattern must be a string");
        var capitalized = char.ToUpperInvariant(name[0]) + name[1..];
        var (inner, text) = Single(operand, $"{capitalized} expression name not found");
        if (inner != "equals-ignore-case") throw new InvalidPatternException($"Unsupported {name} pattern: {inner}");
        return create(Text(text, "equals-ignore-case match pattern must be a string"), true);
    }

    private Condition ParseAnythingBut(JsonElement operand)
    {
        switch (operand.ValueKind)
        {
            case JsonValueKind.String:
                return new AnythingButCondition([new ExactStringCondition(operand.GetString()!)]);
            case JsonValueKind.Number:
                return new AnythingButCondition([new ExactNumberCondition(Number(operand, "anything-but value"))]);
            case JsonValueKind.Array:
                return new AnythingButCondition(ParseAnythingButList(operand));
            case JsonValueKind.Object:
                var (name, inner) = Single(operand, "Anything-But expression name not found");
                if (name == "wildcard" && !Supports(name)) throw new InvalidPatternException($"Unsupported anything-but pattern: {name}");
                return new AnythingButCondition(name switch
                {
                    "prefix" => Strings(inner, "prefix/suffix match pattern must be a string", text => new PrefixCondition(text, false)),
                    "suffix" => Strings(inner, "prefix/suffix match pattern must be a string", text => new SuffixCondition(text, false)),
                    "equals-ignore-case" => Strings(inner,
                        "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
                        text => new EqualsIgnoreCaseCondition(text)),
                    "wildcard" => Strings(inner, "wildcard match pattern must be a string",
                        text => new WildcardCondition(WildcardPattern.Parse(text))),
                    _ => throw new InvalidPatternException($"Unsupported anything-but pattern: {name}"),
                });
            default:
                throw new InvalidPatternException("Value of anything-but must be an array or single string/number value.");
        }
    }

    private static Condition[] ParseAnythingButList(JsonElement list)
    {
        if (list.GetArrayLength() == 0) throw new InvalidPatternException("Empty arrays are not allowed");
        var excluded = new List<Condition>();
        JsonValueKind? kind = null;
        foreach (var value in list.EnumerateArray())
        {
            if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                throw new InvalidPatternException("Inside anything but list, start|null|boolean is not supported.");
            }
            if (kind is { } seen && seen != value.ValueKind)
            {
                throw new InvalidPatternException(
                    "Inside anything but list, either all values are number or string, mixed type is not supported");
            }
            kind = value.ValueKind;
            excluded.Add(value.ValueKind == JsonValueKind.String
                ? new ExactStringCondition(value.GetString()!)
                : new ExactNumberCondition(Number(value, "anything-but value")));
        }
        return [.. excluded];
    }

    private static Condition[] Strings(JsonElement operand, string notAString, Func<string, Condition> create)
    {
        if (operand.ValueKind == JsonValueKind.Null) throw new InvalidPatternException(notAString.StartsWith("prefix/suffix", StringComparison.Ordinal)
            ? "Null prefix/suffix not allowed"
            : notAString);
        if (operand.ValueKind == JsonValueKind.String) return [create(operand.GetString()!)];
        if (operand.ValueKind != JsonValueKind.Array) throw new InvalidPatternException(notAString);
        if (operand.GetArrayLength() == 0) throw new InvalidPatternException("Empty arrays are not allowed");
        var conditions = new List<Condition>();
        foreach (var value in operand.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.String) throw new InvalidPatternException(notAString);
            conditions.Add(create(value.GetString()!));
        }
        return [.. conditions];
    }

    private NumericCondition ParseNumeric(JsonElement operand)
    {
        if (operand.ValueKind != JsonValueKind.Array) throw new InvalidPatternException("Value of numeric must be an array.");
        var terms = operand.EnumerateArray().ToArray();
        if (terms.Length == 0) throw new InvalidPatternException("Empty arrays are not allowed");
        if (terms.Length > 4) throw new InvalidPatternException("Too many elements in numeric expression");
        double lower = double.NegativeInfinity, upper = double.PositiveInfinity;
        bool lowerInclusive = false, upperInclusive = false, hasLower = false, hasUpper = false;
        for (var index = 0; index < terms.Length; index += 2)
        {
            if (terms[index].ValueKind != JsonValueKind.String)
            {
                throw new InvalidPatternException($"Invalid member in numeric match: {terms[index].GetRawText()}");
            }
            var op = terms[index].GetString()!;
            if (op is not ("=" or "<" or "<=" or ">" or ">="))
            {
                throw new InvalidPatternException($"Unrecognized numeric range operator: {op}");
            }
            if (index + 1 >= terms.Length || terms[index + 1].ValueKind != JsonValueKind.Number)
            {
                throw new InvalidPatternException(op == "=" ? "Value of equals must be numeric" : $"Value of {op} must be numeric");
            }
            var value = CheckedNumeric(terms[index + 1]);
            if (op == "=")
            {
                if (terms.Length > 2) throw new InvalidPatternException("Too many terms in numeric range expression");
                return new NumericCondition(value, true, value, true);
            }
            var isLower = op[0] == '>';
            if ((isLower && hasLower) || (!isLower && hasUpper)) throw new InvalidPatternException($"Bad numeric range operator: {op}");
            if (isLower)
            {
                (lower, lowerInclusive, hasLower) = (value, op == ">=", true);
            }
            else
            {
                (upper, upperInclusive, hasUpper) = (value, op == "<=", true);
            }
        }
        if (hasLower && hasUpper && lower >= upper) throw new InvalidPatternException("Bottom must be less than top");
        return new NumericCondition(lower, lowerInclusive, upper, upperInclusive);
    }

    private double CheckedNumeric(JsonElement value)
    {
        var number = Number(value, "numeric value");
        var sns = dialect is PatternDialect.SnsMessageAttributes or PatternDialect.SnsMessageBody;
        if (sns && Math.Abs(number) > PatternLimits.SnsNumericBound)
        {
            throw new InvalidPatternException($"Numeric value must be between -1.0E9 and 1.0E9, got {value.GetRawText()}");
        }
        return number;
    }

    private static (string Name, JsonElement Operand) Single(JsonElement expression, string noName)
    {
        using var properties = expression.EnumerateObject();
        if (!properties.MoveNext()) throw new InvalidPatternException(noName);
        var first = properties.Current;
        if (properties.MoveNext()) throw new InvalidPatternException(OnlyOneKey);
        return (first.Name, first.Value);
    }

    private static string Text(JsonElement operand, string notAString) =>
        operand.ValueKind == JsonValueKind.String ? operand.GetString()! : throw new InvalidPatternException(notAString);
}
