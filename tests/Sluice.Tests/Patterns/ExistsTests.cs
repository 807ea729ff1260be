using Sluice.Patterns;

namespace Sluice.Tests.Patterns;

public class ExistsTests
{
    public static readonly PatternTable Cases = new PatternTable()
        .Row("{'k':[{'exists':true}]}", "{'k':'x'}", true)
        .Row("{'k':[{'exists':true}]}", "{'k':0}", true)
        .Row("{'k':[{'exists':true}]}", "{'k':''}", true)
        .Row("{'k':[{'exists':true}]}", "{'k':null}", true)
        .Row("{'k':[{'exists':true}]}", "{'k':false}", true)
        .Row("{'k':[{'exists':true}]}", "{}", false)
        .Row("{'k':[{'exists':true}]}", "{'k':{'a':1}}", false)
        .Row("{'k':[{'exists':true}]}", "{'k':[]}", false)
        .Row("{'k':[{'exists':true}]}", "{'k':['a']}", true)
        .Row("{'k':[{'exists':true}]}", "{'k':[{'a':1}]}", false)
        .Row("{'k':[{'exists':false}]}", "{}", true)
        .Row("{'k':[{'exists':false}]}", "{'k':'x'}", false)
        .Row("{'k':[{'exists':false}]}", "{'k':null}", false)
        .Row("{'k':[{'exists':false}]}", "{'k':{'a':1}}", true)
        .Row("{'k':[{'exists':false}]}", "{'k':[]}", true)
        .Row("{'k':[{'exists':false}]}", "{'k':['a']}", false)
        .Row("{'k':[{'exists':false}]}", "{'other':1}", true)
        .Row("{'a':{'b':[{'exists':false}]}}", "{}", true)
        .Row("{'a':{'b':[{'exists':false}]}}", "{'a':5}", true)
        .Row("{'a':{'b':[{'exists':false}]}}", "{'a':{'c':1}}", true)
        .Row("{'a':{'b':[{'exists':false}]}}", "{'a':{'b':1}}", false)
        .Row("{'a':{'b':[{'exists':true}]}}", "{'a':{'b':1}}", true)
        .Row("{'a':{'b':[{'exists':true}]}}", "{'a':{'c':1}}", false)
        .Row("{'a':{'b':[{'exists':true}]}}", "{'a':[{'c':1},{'b':2}]}", true)
        .Row("{'k':[{'exists':true}],'j':[{'exists':false}]}", "{'k':1}", true)
        .Row("{'k':[{'exists':true}],'j':[{'exists':false}]}", "{'k':1,'j':2}", false);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_Exists_FollowsTheTable(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(pattern, @event));

    [Theory]
    [InlineData("{\"k\":\"x\"}", true)]
    [InlineData("{\"k\":null}", false)]
    [InlineData("{}", false)]
    public void Matches_SnsAttributeExistsTrue_WantsANonNullValue(string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches("{\"k\":[{\"exists\":true}]}", @event, PatternDialect.SnsMessageAttributes));
}
