using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Sqs.Api;

/// <summary>
/// A request in the JSON protocol's shape (members named as botocore's <c>sqs</c> model), read with SQS's errors for
/// missing or mistyped members. Numbers and booleans are also accepted as strings, the form a query request gives them.
/// </summary>
public readonly struct SqsInput(JsonObject json)
{
    public JsonObject Json => json;

    public string RequiredString(string name) => String(name) ?? throw SqsErrors.Missing(name);

    public string? String(string name) => json[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        var other => throw Mistyped(name, other, "a string"),
    };

    public int? Int(string name) => json[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out int number) => number,
        JsonValue value when value.TryGetValue(out string? text)
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw Mistyped(name, other, "an integer"),
    };

    public JsonArray? Array(string name) => json[name] switch
    {
        null => null,
        JsonArray array => array,
        var other => throw Mistyped(name, other, "a list"),
    };

    public JsonObject? Object(string name) => json[name] switch
    {
        null => null,
        JsonObject map => map,
        var other => throw Mistyped(name, other, "a map"),
    };

    /// <summary>A list of strings, or empty when absent.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        if (Array(name) is not { } array) return [];
        var strings = new List<string>(array.Count);
        foreach (var item in array)
        {
            strings.Add(item is JsonValue value && value.TryGetValue(out string? text) ? text : throw Mistyped(name, item, "a list of strings"));
        }
        return strings;
    }

    /// <summary>A map of strings (attributes, tags), or empty when absent.</summary>
    public IReadOnlyDictionary<string, string> StringMap(string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Object(name) is not { } members) return map;
        foreach (var (key, item) in members)
        {
            map[key] = item is JsonValue value && value.TryGetValue(out string? text) ? text : throw Mistyped($"{name}.{key}", item, "a string");
        }
        return map;
    }

    private static SqsException Mistyped(string name, JsonNode? node, string expected) =>
        SqsErrors.InvalidParameterValue.With($"The parameter {name} must be {expected}, not {Describe(node)}.");

    private static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
