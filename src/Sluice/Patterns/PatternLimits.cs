namespace Sluice.Patterns;

/// <summary>Bounds on a pattern's complexity, so compiling and matching stay cheap whatever a client sends.</summary>
internal static class PatternLimits
{
    /// <summary>Nested objects, counting each <c>$or</c> alternative as a level.</summary>
    public const int MaxDepth = 32;

    /// <summary>Leaf conditions across the whole pattern.</summary>
    public const int MaxConditions = 1_000;

    /// <summary>Ways to satisfy the pattern's <c>$or</c>s (the product over groups of their alternatives).</summary>
    public const int MaxOrCombinations = 1_000;

    /// <summary>SNS filter-policy constraints page.</summary>
    public const int SnsMaxKeys = 5;
    public const int SnsMaxCombinations = 150;
    public const double SnsNumericBound = 1e9;
}
