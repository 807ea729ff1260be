using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sluice.Patterns;

/// <summary>A string literal: case-sensitive equality with a string value (never a number).</summary>
internal sealed class ExactStringCondition(string text) : Condition
{
    private readonly byte[] _utf8 = Encoding.UTF8.GetBytes(text);

    public string Text { get; } = text;

    public override bool Matches(JsonElement value) => value.ValueKind == JsonValueKind.String && value.ValueEquals(_utf8);

    public override string Describe() => Quote(Text);
}

/// <summary>A number literal: numeric equality, so <c>300</c> matches <c>300.0</c> and <c>3e2</c> (never the string "300").</summary>
internal sealed class ExactNumberCondition(double number) : Condition
{
    public double Number { get; } = number;

    public override bool Matches(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var actual) && actual == Number;

    public override string Describe() => Number.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A <c>true</c>, <c>false</c> or <c>null</c> literal.</summary>
internal sealed class ExactLiteralCondition(JsonValueKind kind) : Condition
{
    public JsonValueKind Kind { get; } = kind;

    public override bool Matches(JsonElement value) => value.ValueKind == Kind;

    public override string Describe() => Kind switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };
}
