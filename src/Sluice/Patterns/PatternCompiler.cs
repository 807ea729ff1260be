using System.Text.Json;

namespace Sluice.Patterns;

/// <summary>Turns a pattern's JSON into the tree <see cref="PatternEvaluator"/> walks, enforcing the dialect's rules.
/// Throws <see cref="InvalidPatternException"/> carrying only the reason; <see cref="EventPattern.Compile"/> words it.</summary>
internal sealed class PatternCompiler(PatternDialect dialect)
{
    private const string OrKeyword = "$or";

    private static readonly HashSet<string> OperatorNames =
        ["prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists", "cidr"];

    private readonly OperatorParser _operators = new(dialect);
    private int _conditions;

    public ObjectNode CompileRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidPatternException("Filter is not an object");
        return CompileObject(root, path: "", depth: 1, insideOr: false);
    }

    private ObjectNode CompileObject(JsonElement pattern, string path, int depth, bool insideOr)
    {
        if (depth > PatternLimits.MaxDepth)
        {
            throw new InvalidPatternException($"Pattern nests deeper than {PatternLimits.MaxDepth} levels");
        }
        var fields = new List<FieldNode>();
        var orGroups = new List<ObjectNode[]>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in pattern.EnumerateObject())
        {
            if (property.Name == OrKeyword)
            {
                orGroups.Add(CompileOr(property.Value, path, depth));
                continue;
            }
            if (insideOr && OperatorNames.Contains(property.Name))
            {
                throw new InvalidPatternException($"{property.Name} is Ruler reserved fieldName which cannot be used inside {OrKeyword}.");
            }
            var fieldPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (!names.Add(property.Name))
            {
                throw new InvalidPatternException($"Path `{fieldPath}` cannot be allowed multiple times");
            }
            fields.Add(property.Value.ValueKind switch
            {
                JsonValueKind.Object when dialect == PatternDialect.SnsMessageAttributes =>
                    throw PatternErrors.Worded(PatternErrors.SnsNestedAttributePolicy, "nested filter policy in MessageAttributes scope"),
                JsonValueKind.Object =>
                    new FieldNode(property.Name, fieldPath, CompileObject(property.Value, fieldPath, depth + 1, insideOr), leaf: null),
                JsonValueKind.Array => new FieldNode(property.Name, fieldPath, child: null, CompileLeaf(property.Value)),
                _ => throw new InvalidPatternException($"\"{property.Name}\" must be an object or an array"),
            });
        }
        if (fields.Count == 0 && orGroups.Count == 0) throw new InvalidPatternException("Empty objects are not allowed");
        return new ObjectNode([.. fields], [.. orGroups]);
    }

    private ObjectNode[] CompileOr(JsonElement alternatives, string path, int depth)
    {
        if (alternatives.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidPatternException($"It must be an Array followed with {OrKeyword}.");
        }
        var compiled = new List<ObjectNode>();
        foreach (var alternative in alternatives.EnumerateArray())
        {
            if (alternative.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidPatternException($"Only JSON object is allowed in array of {OrKeyword} relationship.");
            }
            compiled.Add(CompileObject(alternative, path, depth + 1, insideOr: true));
        }
        if (compiled.Count < 2)
        {
            throw new InvalidPatternException($"There must have at least 2 Objects in {OrKeyword} relationship.");
        }
        return [.. compiled];
    }

    private LeafNode CompileLeaf(JsonElement values)
    {
        if (values.GetArrayLength() == 0) throw new InvalidPatternException("Empty arrays are not allowed");
        var conditions = new List<Condition>();
        bool existsTrue = false, existsFalse = false;
        foreach (var value in values.EnumerateArray())
        {
            if (++_conditions > PatternLimits.MaxConditions)
            {
                throw new InvalidPatternException($"Pattern has more than {PatternLimits.MaxConditions} conditions");
            }
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    conditions.Add(new ExactStringCondition(value.GetString()!));
                    break;
                case JsonValueKind.Number:
                    conditions.Add(new ExactNumberCondition(OperatorParser.Number(value, "Match value")));
                    break;
                case JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null:
                    conditions.Add(new ExactLiteralCondition(value.ValueKind));
                    break;
                case JsonValueKind.Object:
                    var exists = _operators.TryParseExists(value);
                    if (exists is { } wanted)
                    {
                        existsTrue |= wanted;
                        existsFalse |= !wanted;
                    }
                    else
                    {
                        conditions.Add(_operators.Parse(value));
                    }
                    break;
                default:
                    throw new InvalidPatternException("Match value must be String, number, true, false, or null");
            }
        }
        return new LeafNode([.. conditions], existsTrue, existsFalse, dialect == PatternDialect.SnsMessageAttributes);
    }
}
