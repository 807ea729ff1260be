namespace Sluice.Tests.Patterns;

public class AnythingButTests
{
    public static readonly PatternTable Cases = new PatternTable()
        .Row("{'k':[{'anything-but':'x'}]}", "{'k':'y'}", true)
        .Row("{'k':[{'anything-but':'x'}]}", "{'k':'x'}", false)
        .Row("{'k':[{'anything-but':'x'}]}", "{}", false)
        .Row("{'k':[{'anything-but':'x'}]}", "{'k':'X'}", true)
        .Row("{'k':[{'anything-but':'5'}]}", "{'k':5}", true)
        .Row("{'k':[{'anything-but':'x'}]}", "{'k':null}", true)
        .Row("{'k':[{'anything-but':'x'}]}", "{'k':{'a':1}}", false)
        .Row("{'k':[{'anything-but':['a','b']}]}", "{'k':'c'}", true)
        .Row("{'k':[{'anything-but':['a','b']}]}", "{'k':'b'}", false)
        .Row("{'k':[{'anything-but':['a','b']}]}", "{'k':['a','b']}", false)
        .Row("{'k':[{'anything-but':['a','b']}]}", "{'k':['a','c']}", true)
        .Row("{'k':[{'anything-but':5}]}", "{'k':6}", true)
        .Row("{'k':[{'anything-but':5}]}", "{'k':5}", false)
        .Row("{'k':[{'anything-but':5}]}", "{'k':5.0}", false)
        .Row("{'k':[{'anything-but':5}]}", "{'k':'5'}", true)
        .Row("{'k':[{'anything-but':[1,2,3]}]}", "{'k':2}", false)
        .Row("{'k':[{'anything-but':[1,2,3]}]}", "{'k':4}", true)
        .Row("{'k':[{'anything-but':{'prefix':'tmp/'}}]}", "{'k':'tmp/a'}", false)
        .Row("{'k':[{'anything-but':{'prefix':'tmp/'}}]}", "{'k':'keep/a'}", true)
        .Row("{'k':[{'anything-but':{'prefix':'tmp/'}}]}", "{}", false)
        .Row("{'k':[{'anything-but':{'prefix':['tmp/','old/']}}]}", "{'k':'old/a'}", false)
        .Row("{'k':[{'anything-but':{'prefix':['tmp/','old/']}}]}", "{'k':'new/a'}", true)
        .Row("{'k':[{'anything-but':{'suffix':'.tmp'}}]}", "{'k':'a.tmp'}", false)
        .Row("{'k':[{'anything-but':{'suffix':'.tmp'}}]}", "{'k':'a.txt'}", true)
        .Row("{'k':[{'anything-but':{'suffix':['.tmp','.bak']}}]}", "{'k':'a.bak'}", false)
        .Row("{'k':[{'anything-but':{'equals-ignore-case':['a','B']}}]}", "{'k':'b'}", false)
        .Row("{'k':[{'anything-but':{'equals-ignore-case':['a','B']}}]}", "{'k':'A'}", false)
        .Row("{'k':[{'anything-but':{'equals-ignore-case':['a','B']}}]}", "{'k':'c'}", true)
        .Row("{'k':[{'anything-but':{'equals-ignore-case':'x'}}]}", "{'k':'X'}", false)
        .Row("{'k':[{'anything-but':{'wildcard':'*/tmp/*'}}]}", "{'k':'a/tmp/b'}", false)
        .Row("{'k':[{'anything-but':{'wildcard':'*/tmp/*'}}]}", "{'k':'a/keep/b'}", true)
        .Row("{'k':[{'anything-but':{'wildcard':['*.tmp','*.bak']}}]}", "{'k':'x.bak'}", false)
        .Row("{'k':[{'anything-but':'x'},{'exists':false}]}", "{}", true)
        .Row("{'k':[{'anything-but':'x'},{'exists':false}]}", "{'k':'x'}", false)
        .Row("{'k':[{'anything-but':'x'},{'exists':false}]}", "{'k':'y'}", true);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_AnythingBut_FollowsTheTable(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(pattern, @event));
}
