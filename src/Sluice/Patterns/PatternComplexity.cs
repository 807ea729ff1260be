namespace Sluice.Patterns;

/// <summary>Counts that the dialects limit: ways through the <c>$or</c>s, SNS value combinations and SNS keys.</summary>
internal static class PatternComplexity
{
    public static void Check(ObjectNode root, PatternDialect dialect)
    {
        if (OrCombinations(root) > PatternLimits.MaxOrCombinations)
        {
            throw new InvalidPatternException($"Pattern's $or combinations exceed {PatternLimits.MaxOrCombinations}");
        }
        if (dialect is not (PatternDialect.SnsMessageAttributes or PatternDialect.SnsMessageBody)) return;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        CollectLeafPaths(root, keys);
        if (keys.Count > PatternLimits.SnsMaxKeys)
        {
            throw new InvalidPatternException($"Filter policy can not have more than {PatternLimits.SnsMaxKeys} keys");
        }
        if (ValueCombinations(root) > PatternLimits.SnsMaxCombinations)
        {
            throw new InvalidPatternException("Filter policy is too complex");
        }
    }

    private static long OrCombinations(ObjectNode node)
    {
        long total = 1;
        foreach (var field in node.Fields)
        {
            if (field.Child is { } child) total = Saturate(total * OrCombinations(child));
        }
        foreach (var group in node.OrGroups)
        {
            total = Saturate(total * Saturate(group.Sum(OrCombinations)));
        }
        return total;
    }

    /// <summary>SNS multiplies the sizes of the value arrays (an <c>$or</c> adds its alternatives' counts).</summary>
    private static long ValueCombinations(ObjectNode node)
    {
        long total = 1;
        foreach (var field in node.Fields)
        {
            var count = field.Child is { } child ? ValueCombinations(child) : ValuesOf(field.Leaf!);
            total = Saturate(total * count);
        }
        foreach (var group in node.OrGroups)
        {
            total = Saturate(total * Saturate(group.Sum(ValueCombinations)));
        }
        return total;
    }

    private static long ValuesOf(LeafNode leaf) =>
        leaf.Conditions.Length + (leaf.ExistsTrue ? 1 : 0) + (leaf.ExistsFalse ? 1 : 0);

    private static void CollectLeafPaths(ObjectNode node, HashSet<string> keys)
    {
        foreach (var field in node.Fields)
        {
            if (field.Child is { } child)
            {
                CollectLeafPaths(child, keys);
            }
            else
            {
                keys.Add(field.Path);
            }
        }
        foreach (var alternative in node.OrGroups.SelectMany(group => group))
        {
            CollectLeafPaths(alternative, keys);
        }
    }

    private static long Saturate(long value) => Math.Min(value, int.MaxValue);
}
