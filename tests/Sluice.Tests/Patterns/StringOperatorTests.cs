namespace Sluice.Tests.Patterns;

public class StringOperatorTests
{
    public static readonly PatternTable Prefix = new PatternTable()
        .Row("{'k':[{'prefix':'up/'}]}", "{'k':'up/a.jpg'}", true)
        .Row("{'k':[{'prefix':'up/'}]}", "{'k':'up/'}", true)
        .Row("{'k':[{'prefix':'up/'}]}", "{'k':'up'}", false)
        .Row("{'k':[{'prefix':'up/'}]}", "{'k':'UP/a'}", false)
        .Row("{'k':[{'prefix':'up/'}]}", "{'k':'x/up/a'}", false)
        .Row("{'k':[{'prefix':'up/'}]}", "{}", false)
        .Row("{'k':[{'prefix':'1'}]}", "{'k':12}", false)
        .Row("{'k':[{'prefix':''}]}", "{'k':'anything'}", true)
        .Row("{'k':[{'prefix':''}]}", "{'k':7}", false)
        .Row("{'k':[{'prefix':'up/'}]}", "{'k':['x','up/1']}", true)
        .Row("{'k':[{'prefix':'é'}]}", "{'k':'\\u00e9t\\u00e9'}", true)
        .Row("{'k':[{'prefix':{'equals-ignore-case':'UP/'}}]}", "{'k':'up/x'}", true)
        .Row("{'k':[{'prefix':{'equals-ignore-case':'UP/'}}]}", "{'k':'Up/x'}", true)
        .Row("{'k':[{'prefix':{'equals-ignore-case':'UP/'}}]}", "{'k':'down/x'}", false)
        .Row("{'k':[{'prefix':'a'},{'prefix':'b'}]}", "{'k':'bee'}", true);

    public static readonly PatternTable Suffix = new PatternTable()
        .Row("{'k':[{'suffix':'.jpg'}]}", "{'k':'a.jpg'}", true)
        .Row("{'k':[{'suffix':'.jpg'}]}", "{'k':'.jpg'}", true)
        .Row("{'k':[{'suffix':'.jpg'}]}", "{'k':'a.JPG'}", false)
        .Row("{'k':[{'suffix':'.jpg'}]}", "{'k':'a.jpg.png'}", false)
        .Row("{'k':[{'suffix':'.jpg'}]}", "{'k':'jpg'}", false)
        .Row("{'k':[{'suffix':'0'}]}", "{'k':10}", false)
        .Row("{'k':[{'suffix':'.jpg'}]}", "{'k':['a.png','b.jpg']}", true)
        .Row("{'k':[{'suffix':{'equals-ignore-case':'.JPG'}}]}", "{'k':'a.jpg'}", true)
        .Row("{'k':[{'suffix':{'equals-ignore-case':'.JPG'}}]}", "{'k':'a.Jpg'}", true)
        .Row("{'k':[{'suffix':{'equals-ignore-case':'.JPG'}}]}", "{'k':'a.png'}", false)
        .Row("{'k':[{'suffix':'é'}]}", "{'k':'caf\\u00e9'}", true);

    public static readonly PatternTable EqualsIgnoreCase = new PatternTable()
        .Row("{'k':[{'equals-ignore-case':'alice'}]}", "{'k':'ALICE'}", true)
        .Row("{'k':[{'equals-ignore-case':'alice'}]}", "{'k':'Alice'}", true)
        .Row("{'k':[{'equals-ignore-case':'alice'}]}", "{'k':'alice'}", true)
        .Row("{'k':[{'equals-ignore-case':'alice'}]}", "{'k':'alicia'}", false)
        .Row("{'k':[{'equals-ignore-case':'alice'}]}", "{'k':'alice '}", false)
        .Row("{'k':[{'equals-ignore-case':'5'}]}", "{'k':5}", false)
        .Row("{'k':[{'equals-ignore-case':'ÉTÉ'}]}", "{'k':'été'}", true)
        .Row("{'k':[{'equals-ignore-case':'a'}]}", "{'k':['B','A']}", true)
        .Row("{'k':[{'equals-ignore-case':'a'}]}", "{}", false);

    public static readonly PatternTable Wildcard = new PatternTable()
        .Row("{'k':[{'wildcard':'up/*.jpg'}]}", "{'k':'up/a.jpg'}", true)
        .Row("{'k':[{'wildcard':'up/*.jpg'}]}", "{'k':'up/.jpg'}", true)
        .Row("{'k':[{'wildcard':'up/*.jpg'}]}", "{'k':'up/a/b/c.jpg'}", true)
        .Row("{'k':[{'wildcard':'up/*.jpg'}]}", "{'k':'up/a.png'}", false)
        .Row("{'k':[{'wildcard':'up/*.jpg'}]}", "{'k':'down/a.jpg'}", false)
        .Row("{'k':[{'wildcard':'up/*/raw/*.jpg'}]}", "{'k':'up/x/raw/y.jpg'}", true)
        .Row("{'k':[{'wildcard':'up/*/raw/*.jpg'}]}", "{'k':'up/x/cooked/y.jpg'}", false)
        .Row("{'k':[{'wildcard':'*'}]}", "{'k':''}", true)
        .Row("{'k':[{'wildcard':'*'}]}", "{'k':'x'}", true)
        .Row("{'k':[{'wildcard':'*'}]}", "{'k':5}", false)
        .Row("{'k':[{'wildcard':'abc'}]}", "{'k':'abc'}", true)
        .Row("{'k':[{'wildcard':'abc'}]}", "{'k':'abcd'}", false)
        .Row("{'k':[{'wildcard':'a*a'}]}", "{'k':'a'}", false)
        .Row("{'k':[{'wildcard':'a*a'}]}", "{'k':'aa'}", true)
        .Row("{'k':[{'wildcard':'a*b*a'}]}", "{'k':'aba'}", true)
        .Row("{'k':[{'wildcard':'a*b*a'}]}", "{'k':'abba'}", true)
        .Row("{'k':[{'wildcard':'a*b*a'}]}", "{'k':'aab'}", false)
        .Row("{'k':[{'wildcard':'*.jpg'}]}", "{'k':'x.jpg'}", true)
        .Row("{'k':[{'wildcard':'img*'}]}", "{'k':'img'}", true)
        .Row("{'k':[{'wildcard':'*mid*'}]}", "{'k':'a mid b'}", true)
        .Row("{'k':[{'wildcard':'*mid*'}]}", "{'k':'a mi d b'}", false)
        .Row("{'k':[{'wildcard':'a\\\\*b'}]}", "{'k':'a*b'}", true)
        .Row("{'k':[{'wildcard':'a\\\\*b'}]}", "{'k':'axb'}", false)
        .Row("{'k':[{'wildcard':'a\\\\\\\\b'}]}", "{'k':'a\\\\b'}", true)
        .Row("{'k':[{'wildcard':'a\\\\\\\\*'}]}", "{'k':'a\\\\xyz'}", true)
        .Row("{'k':[{'wildcard':'*é'}]}", "{'k':'caf\\u00e9'}", true)
        .Row("{'k':[{'wildcard':'up/*'}]}", "{'k':['down/x','up/y']}", true);

    [Theory]
    [MemberData(nameof(Prefix))]
    public void Matches_Prefix_FollowsTheTable(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(pattern, @event));

    [Theory]
    [MemberData(nameof(Suffix))]
    public void Matches_Suffix_FollowsTheTable(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(pattern, @event));

    [Theory]
    [MemberData(nameof(EqualsIgnoreCase))]
    public void Matches_EqualsIgnoreCase_FollowsTheTable(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(pattern, @event));

    [Theory]
    [MemberData(nameof(Wildcard))]
    public void Matches_Wildcard_FollowsTheTable(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(pattern, @event));
}
