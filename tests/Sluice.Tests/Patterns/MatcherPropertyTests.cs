using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sluice.Patterns;

namespace Sluice.Tests.Patterns;

public class MatcherPropertyTests
{
    [Property(MaxTest = 2_000)]
    public Property Matches_CompiledPattern_AgreesWithTheNaiveMatcher() =>
        Prop.ForAll(PatternGenerators.PatternAndEvent(), sample =>
        {
            var compiled = EventPattern.Compile(sample.Pattern, PatternDialect.EventBridge);
            using var document = JsonDocument.Parse(sample.Event);
            var expected = NaivePatternMatcher.Matches(sample.Pattern, sample.Event);
            return (compiled.Matches(document.RootElement) == expected)
                .Label($"pattern {sample.Pattern} event {sample.Event} naive {expected}");
        });

    [Property(MaxTest = 1_000)]
    public Property Explain_IsNullExactlyWhenThePatternMatches() =>
        Prop.ForAll(PatternGenerators.PatternAndEvent(), sample =>
        {
            var compiled = EventPattern.Compile(sample.Pattern, PatternDialect.EventBridge);
            using var document = JsonDocument.Parse(sample.Event);
            var explained = compiled.Explain(document.RootElement);
            return (compiled.Matches(document.RootElement) == (explained is null))
                .Label($"pattern {sample.Pattern} event {sample.Event} explained {explained}");
        });

    [Property(MaxTest = 1_000)]
    public Property Matching_IndexedSet_AgreesWithTryingEveryPattern() =>
        Prop.ForAll(PatternGenerators.PatternsAndEvent(), sample =>
        {
            var set = new PatternSet<int>();
            for (var index = 0; index < sample.Patterns.Length; index++)
            {
                set.Add(EventPattern.Compile(sample.Patterns[index], PatternDialect.EventBridge), index);
            }
            using var document = JsonDocument.Parse(sample.Event);
            var expected = Enumerable.Range(0, sample.Patterns.Length)
                .Where(index => NaivePatternMatcher.Matches(sample.Patterns[index], sample.Event))
                .ToArray();
            var actual = set.Matching(document.RootElement);
            return actual.SequenceEqual(expected)
                .Label($"patterns {string.Join(" | ", sample.Patterns)} event {sample.Event} expected [{string.Join(",", expected)}] got [{string.Join(",", actual)}]");
        });

    [Property(MaxTest = 300)]
    public Property Remove_ThenMatching_LeavesOnlyTheOthers() =>
        Prop.ForAll(PatternGenerators.PatternsAndEvent(), sample =>
        {
            var set = new PatternSet<int>();
            for (var index = 0; index < sample.Patterns.Length; index++)
            {
                set.Add(EventPattern.Compile(sample.Patterns[index], PatternDialect.EventBridge), index);
            }
            set.Remove(0);
            using var document = JsonDocument.Parse(sample.Event);
            return set.Matching(document.RootElement).All(index => index != 0) && set.Count == sample.Patterns.Length - 1;
        });
}
