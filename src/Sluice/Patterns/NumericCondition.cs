using System.Globalization;
using System.Text.Json;

namespace Sluice.Patterns;

/// <summary><c>numeric</c>: at most one lower and one upper bound, or <c>=</c>; JSON numbers only, never strings.</summary>
internal sealed class NumericCondition(double lower, bool lowerInclusive, double upper, bool upperInclusive) : Condition
{
    public override bool Matches(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number)) return false;
        var aboveLower = lowerInclusive ? number >= lower : number > lower;
        var belowUpper = upperInclusive ? number <= upper : number < upper;
        return aboveLower && belowUpper;
    }

    public override string Describe()
    {
        if (lower == upper) return $"= {Format(lower)}";
        var parts = new List<string>(2);
        if (!double.IsNegativeInfinity(lower)) parts.Add($"{(lowerInclusive ? ">=" : ">")} {Format(lower)}");
        if (!double.IsPositiveInfinity(upper)) parts.Add($"{(upperInclusive ? "<=" : "<")} {Format(upper)}");
        return string.Join(" and ", parts);
    }

    private static string Format(double number) => number.ToString("R", CultureInfo.InvariantCulture);
}
