namespace Sluice.Patterns;

/// <summary>One object level of a compiled pattern: every field must match, and every <c>$or</c> group must have a
/// matching alternative (each alternative is matched against this same event object).</summary>
internal sealed class ObjectNode(FieldNode[] fields, ObjectNode[][] orGroups)
{
    public FieldNode[] Fields { get; } = fields;
    public ObjectNode[][] OrGroups { get; } = orGroups;
}

/// <summary>A named field: either a nested object pattern or a leaf array of conditions.</summary>
internal sealed class FieldNode(string name, string path, ObjectNode? child, LeafNode? leaf)
{
    public string Name { get; } = name;
    public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(name);
    public string Path { get; } = path;
    public ObjectNode? Child { get; } = child;
    public LeafNode? Leaf { get; } = leaf;
}

/// <summary>The conditions of one leaf array; any one matching any event value is enough.</summary>
internal sealed class LeafNode(Condition[] conditions, bool existsTrue, bool existsFalse, bool existsNeedsNonNull)
{
    public Condition[] Conditions { get; } = conditions;
    public bool ExistsTrue { get; } = existsTrue;
    public bool ExistsFalse { get; } = existsFalse;
    /// <summary>SNS attribute scope: <c>exists:true</c> wants a value that is not null.</summary>
    public bool ExistsNeedsNonNull { get; } = existsNeedsNonNull;

    public string Describe()
    {
        var parts = new List<string>(Conditions.Length + 2);
        parts.AddRange(Conditions.Select(condition => condition.Describe()));
        if (ExistsTrue) parts.Add("present");
        if (ExistsFalse) parts.Add("absent");
        return string.Join(" or ", parts);
    }
}
