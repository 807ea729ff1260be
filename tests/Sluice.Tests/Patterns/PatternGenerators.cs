using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Sluice.Tests.Patterns;

/// <summary>Random valid EventBridge patterns and events over a small vocabulary, so that matches are common.</summary>
public static class PatternGenerators
{
    private static readonly string[] Names = ["a", "b", "c"];
    private static readonly string[] Strings = ["", "x", "xy", "X", "yx", "up/x.jpg", "UP/X.JPG", "10.0.0.5", "2001:db8::1", "é", "a*b", "Été"];
    private static readonly string[] Numbers = ["0", "1", "1.5", "5", "300", "3e2"];
    private static readonly string[] Literals = ["true", "false", "null"];
    private static readonly string[] Wildcards = ["x*", "*y", "*", "up/*.jpg", "a\\\\*b", "*x*", "U*/*"];
    private static readonly string[] Cidrs = ["10.0.0.0/24", "10.0.0.0/8", "2001:db8::/32"];

    private static readonly JsonSerializerOptions RawText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Arbitrary<(string Pattern, string Event)> PatternAndEvent() =>
        (from pattern in Pattern(1) from @event in Event(1) select (pattern, @event)).ToArbitrary();

    public static Arbitrary<(string[] Patterns, string Event)> PatternsAndEvent() =>
        (from patterns in Gen.ArrayOf(Pattern(1)).Where(list => list.Length is > 0 and <= 12)
         from @event in Event(1)
         select (patterns, @event)).ToArbitrary();

    public static Gen<string> Pattern(int depth) =>
        from fields in Gen.ArrayOf(Gen.Frequency((2, Gen.Constant<string?>(null)), (1, PatternField(depth).Select(field => (string?)field))), 3)
        from or in depth > 0 ? Gen.Frequency((6, Gen.Constant<string?>(null)), (1, Or(depth - 1).Select(text => (string?)text))) : Gen.Constant<string?>(null)
        let members = fields.Select((field, index) => field is null ? null : $"\"{Names[index]}\":{field}")
            .Append(or is null ? null : $"\"$or\":{or}")
            .OfType<string>()
            .ToList()
        where members.Count > 0
        select "{" + string.Join(",", members) + "}";

    public static Gen<string> Event(int depth) =>
        from values in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant<string?>(null)), (6, EventValue(depth).Select(value => (string?)value))), 3)
        select "{" + string.Join(",", values.Select((value, index) => value is null ? null : $"\"{Names[index]}\":{value}").OfType<string>()) + "}";

    private static Gen<string> Or(int depth) =>
        from alternatives in Gen.ArrayOf(Pattern(depth), 2)
        select "[" + string.Join(",", alternatives) + "]";

    private static Gen<string> PatternField(int depth) => depth > 0
        ? Gen.Frequency((6, Leaf()), (1, Pattern(depth - 1)))
        : Leaf();

    private static Gen<string> Leaf() =>
        from conditions in Gen.ArrayOf(Condition()).Where(list => list.Length is > 0 and <= 3)
        select "[" + string.Join(",", conditions) + "]";

    private static Gen<string> Condition() => Gen.Frequency(
        (4, StringLiteral()),
        (2, Gen.Elements(Numbers)),
        (1, Gen.Elements(Literals)),
        (1, StringLiteral().Select(text => $"{{\"prefix\":{text}}}")),
        (1, StringLiteral().Select(text => $"{{\"prefix\":{{\"equals-ignore-case\":{text}}}}}")),
        (1, StringLiteral().Select(text => $"{{\"suffix\":{text}}}")),
        (1, StringLiteral().Select(text => $"{{\"suffix\":{{\"equals-ignore-case\":{text}}}}}")),
        (1, StringLiteral().Select(text => $"{{\"equals-ignore-case\":{text}}}")),
        (1, Gen.Elements(Wildcards).Select(text => $"{{\"wildcard\":\"{text}\"}}")),
        (2, AnythingBut()),
        (2, Numeric()),
        (1, Gen.Elements("true", "false").Select(flag => $"{{\"exists\":{flag}}}")),
        (1, Gen.Elements(Cidrs).Select(range => $"{{\"cidr\":\"{range}\"}}")));

    private static Gen<string> AnythingBut() =>
        from operand in Gen.OneOf(
            StringLiteral(),
            Gen.Elements(Numbers),
            Gen.ArrayOf(StringLiteral(), 2).Select(list => $"[{string.Join(",", list)}]"),
            Gen.ArrayOf(Gen.Elements(Numbers), 2).Select(list => $"[{string.Join(",", list)}]"),
            StringLiteral().Select(text => $"{{\"prefix\":{text}}}"),
            Gen.ArrayOf(StringLiteral(), 2).Select(list => $"{{\"suffix\":[{string.Join(",", list)}]}}"),
            StringLiteral().Select(text => $"{{\"equals-ignore-case\":{text}}}"),
            Gen.Elements(Wildcards).Select(text => $"{{\"wildcard\":\"{text}\"}}"))
        select $"{{\"anything-but\":{operand}}}";

    private static Gen<string> Numeric() =>
        from low in Gen.Choose(-2, 350)
        from width in Gen.Choose(1, 300)
        from shape in Gen.Choose(0, 5)
        select shape switch
        {
            0 => $"{{\"numeric\":[\">\",{low}]}}",
            1 => $"{{\"numeric\":[\"<=\",{low}]}}",
            2 => $"{{\"numeric\":[\">=\",{low},\"<\",{low + width}]}}",
            3 => $"{{\"numeric\":[\"<\",{low + width},\">\",{low}]}}",
            4 => $"{{\"numeric\":[\"=\",{low}]}}",
            _ => "{\"numeric\":[\"=\",1.5]}",
        };

    private static Gen<string> StringLiteral() => Gen.Elements(Strings).Select(text => JsonSerializer.Serialize(text));

    private static Gen<string> EventValue(int depth)
    {
        var scalar = Gen.Frequency(
            (4, Gen.Elements(Strings).Select(text => JsonSerializer.Serialize(text, RawText))),
            (1, StringLiteral()),
            (2, Gen.Elements(Numbers)),
            (1, Gen.Elements(Literals)));
        var array = Gen.ArrayOf(scalar).Where(list => list.Length <= 3).Select(list => $"[{string.Join(",", list)}]");
        return depth > 0
            ? Gen.Frequency((8, scalar), (2, array), (2, Event(depth - 1)),
                (1, Gen.ArrayOf(Event(depth - 1), 2).Select(list => $"[{string.Join(",", list)}]")))
            : Gen.Frequency((5, scalar), (2, array));
    }
}
