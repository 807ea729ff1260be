using System.Text.Json;
using Sluice.Patterns;

namespace Sluice.Tests.Patterns;

public class PatternSetTests
{
    private static EventPattern Compile(string pattern) => EventPattern.Compile(PatternTable.Json(pattern), PatternDialect.EventBridge);

    private static IReadOnlyList<string> Matching(PatternSet<string> set, string @event)
    {
        using var document = JsonDocument.Parse(PatternTable.Json(@event));
        return set.Matching(document.RootElement);
    }

    [Fact]
    public void Matching_IndexedAndUnindexedPatterns_ReturnsEveryMatchInAddOrder()
    {
        var set = new PatternSet<string>();
        set.Add(Compile("{'source':['a']}"), "by-source");
        set.Add(Compile("{'$or':[{'source':['a']},{'x':['1']}]}"), "or");
        set.Add(Compile("{'size':[{'numeric':['>',1]}]}"), "numeric");
        set.Add(Compile("{'source':['b']}"), "other-source");
        set.Add(Compile("{'detail':{'bucket':['photos']},'source':['a']}"), "nested");

        Assert.Equal(["by-source", "or", "numeric", "nested"], Matching(set, "{'source':'a','size':2,'detail':{'bucket':'photos'}}"));
        Assert.Equal(["other-source"], Matching(set, "{'source':'b'}"));
        Assert.Empty(Matching(set, "{'source':'c'}"));
    }

    [Fact]
    public void Matching_EventArrayWithSeveralIndexedValues_ReportsAPatternOnce()
    {
        var set = new PatternSet<string>();
        set.Add(Compile("{'tags':['a','b']}"), "both");

        Assert.Equal(["both"], Matching(set, "{'tags':['a','b','a']}"));
    }

    [Fact]
    public void Matching_IndexedValueInsideArrayOfObjects_IsFound()
    {
        var set = new PatternSet<string>();
        set.Add(Compile("{'items':{'id':['7']}}"), "item7");

        Assert.Equal(["item7"], Matching(set, "{'items':[{'id':'1'},{'id':'7'}]}"));
    }

    [Fact]
    public void Matching_EscapedEventString_IsFound()
    {
        var set = new PatternSet<string>();
        set.Add(Compile("{'source':['café']}"), "cafe");

        Assert.Equal(["cafe"], Matching(set, "{'source':'caf\\u00e9'}"));
    }

    [Fact]
    public void Remove_DropsEveryPatternOfThatValue()
    {
        var set = new PatternSet<string>();
        set.Add(Compile("{'source':['a']}"), "rule");
        set.Add(Compile("{'kind':[{'prefix':'x'}]}"), "rule");
        set.Add(Compile("{'source':['a']}"), "keep");

        Assert.True(set.Remove("rule"));
        Assert.False(set.Remove("rule"));
        Assert.Equal(["keep"], Matching(set, "{'source':'a','kind':'xy'}"));
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public void Matching_ThousandRules_FindsExactlyTheOneForTheSource()
    {
        var set = new PatternSet<int>();
        for (var index = 0; index < 1_000; index++)
        {
            set.Add(Compile($"{{'detail-type':['T'],'source':['svc-{index}']}}"), index);
        }

        Assert.Equal([417], Matching2(set, "{'source':'svc-417','detail-type':'T'}"));
        Assert.Empty(Matching2(set, "{'source':'svc-417','detail-type':'U'}"));
    }

    private static IReadOnlyList<int> Matching2(PatternSet<int> set, string @event)
    {
        using var document = JsonDocument.Parse(PatternTable.Json(@event));
        return set.Matching(document.RootElement);
    }
}
