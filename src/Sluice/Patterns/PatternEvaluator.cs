using System.Text.Json;

namespace Sluice.Patterns;

/// <summary>Walks a compiled pattern over an event. With a <see cref="MismatchSink"/> it also records the first field
/// that failed; without one (the hot path) it builds no strings.</summary>
internal static class PatternEvaluator
{
    /// <summary>Arrays inside arrays are flattened, as event-ruler does, up to this depth.</summary>
    private const int MaxArrayNesting = 16;

    public static bool Matches(ObjectNode node, JsonElement element, MismatchSink? sink)
    {
        var objectValue = element.ValueKind == JsonValueKind.Object ? element : default;
        foreach (var field in node.Fields)
        {
            var value = objectValue.ValueKind == JsonValueKind.Object && objectValue.TryGetProperty(field.Utf8Name, out var found)
                ? found
                : default;
            var matched = field.Child is { } child ? MatchesNested(child, value, sink, 0) : MatchesLeaf(field, value, sink);
            if (!matched) return false;
        }
        foreach (var alternatives in node.OrGroups)
        {
            if (!MatchesAny(alternatives, objectValue, sink)) return false;
        }
        return true;
    }

    private static bool MatchesAny(ObjectNode[] alternatives, JsonElement objectValue, MismatchSink? sink)
    {
        foreach (var alternative in alternatives)
        {
            if (Matches(alternative, objectValue, null)) return true;
        }
        if (sink is not null)
        {
            var first = new MismatchSink();
            Matches(alternatives[0], objectValue, first);
            sink.Record(first.First!.Path, $"no $or alternative matched; the first failed: {first.First.Reason}");
        }
        return false;
    }

    // Two fields of one nested pattern must match inside the same array element (array-consistent matching).
    private static bool MatchesNested(ObjectNode child, JsonElement value, MismatchSink? sink, int arrayDepth)
    {
        if (value.ValueKind != JsonValueKind.Array) return Matches(child, value, sink);
        if (arrayDepth >= MaxArrayNesting) return false;
        var sawObject = false;
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) continue;
            sawObject = true;
            if (MatchesNested(child, element, null, arrayDepth + 1)) return true;
        }
        if (!sawObject) return Matches(child, default, sink);
        if (sink is not null)
        {
            var first = value.EnumerateArray().First(element => element.ValueKind is JsonValueKind.Object or JsonValueKind.Array);
            MatchesNested(child, first, sink, arrayDepth + 1);
        }
        return false;
    }

    private static bool MatchesLeaf(FieldNode field, JsonElement value, MismatchSink? sink)
    {
        var leaf = field.Leaf!;
        var result = value.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Object => leaf.ExistsFalse,
            JsonValueKind.Array => MatchesArray(leaf, value, 0) ?? leaf.ExistsFalse,
            _ => MatchesScalar(leaf, value),
        };
        if (!result && sink is not null) sink.Record(field.Path, Explain(leaf, value));
        return result;
    }

    /// <summary>Null when the array holds no scalar at all, which counts as the leaf being absent.</summary>
    private static bool? MatchesArray(LeafNode leaf, JsonElement array, int arrayDepth)
    {
        bool? result = null;
        if (arrayDepth >= MaxArrayNesting) return result;
        foreach (var element in array.EnumerateArray())
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    continue;
                case JsonValueKind.Array:
                    var inner = MatchesArray(leaf, element, arrayDepth + 1);
                    if (inner == true) return true;
                    result ??= inner;
                    continue;
                default:
                    if (MatchesScalar(leaf, element)) return true;
                    result = false;
                    continue;
            }
        }
        return result;
    }

    private static bool MatchesScalar(LeafNode leaf, JsonElement value)
    {
        if (leaf.ExistsTrue && !(leaf.ExistsNeedsNonNull && value.ValueKind == JsonValueKind.Null)) return true;
        foreach (var condition in leaf.Conditions)
        {
            if (condition.Matches(value)) return true;
        }
        return false;
    }

    private static string Explain(LeafNode leaf, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined => $"field is absent; the pattern wants {leaf.Describe()}",
        JsonValueKind.Object => $"field is an object, not a value; the pattern wants {leaf.Describe()}",
        _ => $"{JsonText.Render(value)} is not {leaf.Describe()}",
    };
}

/// <summary>Collects the first mismatch of an explained match.</summary>
internal sealed class MismatchSink
{
    public PatternMismatch? First { get; private set; }

    public void Record(string path, string reason) => First ??= new PatternMismatch(path, reason);
}
