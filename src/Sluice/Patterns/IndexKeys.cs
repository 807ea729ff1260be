namespace Sluice.Patterns;

/// <summary>A field every match of a pattern must have with one of a few exact string values: a path of plain
/// objects from the root (no <c>$or</c> on the way) to a leaf made only of string literals.</summary>
internal sealed record IndexKey(string[] Names, string PathId, string[] Values)
{
    public static List<IndexKey> Of(EventPattern pattern)
    {
        var keys = new List<IndexKey>();
        Collect(pattern.Root, [], keys);
        return keys;
    }

    private static void Collect(ObjectNode node, List<string> names, List<IndexKey> keys)
    {
        foreach (var field in node.Fields)
        {
            names.Add(field.Name);
            if (field.Child is { } child)
            {
                Collect(child, names, keys);
            }
            else if (field.Leaf is { ExistsTrue: false, ExistsFalse: false } leaf
                && leaf.Conditions.All(condition => condition is ExactStringCondition))
            {
                var values = leaf.Conditions.Cast<ExactStringCondition>().Select(condition => condition.Text).Distinct().ToArray();
                keys.Add(new IndexKey([.. names], string.Join('\0', names), values));
            }
            names.RemoveAt(names.Count - 1);
        }
    }
}
