namespace Sluice.Tests.Patterns;

public class OrAndNestingTests
{
    public static readonly PatternTable Or = new PatternTable()
        .Row("{'$or':[{'a':['x']},{'b':['y']}]}", "{'a':'x'}", true)
        .Row("{'$or':[{'a':['x']},{'b':['y']}]}", "{'b':'y'}", true)
        .Row("{'$or':[{'a':['x']},{'b':['y']}]}", "{'a':'y','b':'x'}", false)
        .Row("{'$or':[{'a':['x']},{'b':['y']}]}", "{}", false)
        .Row("{'s':['e'],'$or':[{'a':['x']},{'b':['y']}]}", "{'s':'e','b':'y'}", true)
        .Row("{'s':['e'],'$or':[{'a':['x']},{'b':['y']}]}", "{'s':'f','b':'y'}", false)
        .Row("{'d':{'$or':[{'c':[{'numeric':['>',0,'<=',5]}]},{'x':[{'numeric':['=',301.8]}]}]}}", "{'d':{'c':3}}", true)
        .Row("{'d':{'$or':[{'c':[{'numeric':['>',0,'<=',5]}]},{'x':[{'numeric':['=',301.8]}]}]}}", "{'d':{'x':3.018e2}}", true)
        .Row("{'d':{'$or':[{'c':[{'numeric':['>',0,'<=',5]}]},{'x':[{'numeric':['=',301.8]}]}]}}", "{'d':{'c':6}}", false)
        .Row("{'$or':[{'a':['x'],'b':['y']},{'c':['z']}]}", "{'a':'x'}", false)
        .Row("{'$or':[{'a':['x'],'b':['y']},{'c':['z']}]}", "{'a':'x','b':'y'}", true)
        .Row("{'$or':[{'$or':[{'a':['1']},{'b':['2']}]},{'c':['3']}]}", "{'b':'2'}", true)
        .Row("{'$or':[{'$or':[{'a':['1']},{'b':['2']}]},{'c':['3']}]}", "{'d':'2'}", false)
        .Row("{'$or':[{'a':['1']},{'b':['2']}],'c':{'$or':[{'d':['3']},{'e':['4']}]}}", "{'a':'1','c':{'e':'4'}}", true)
        .Row("{'$or':[{'a':['1']},{'b':['2']}],'c':{'$or':[{'d':['3']},{'e':['4']}]}}", "{'a':'1','c':{'f':'4'}}", false)
        .Row("{'$or':[{'a':[{'exists':false}]},{'a':['x']}]}", "{}", true)
        .Row("{'$or':[{'a':[{'exists':false}]},{'a':['x']}]}", "{'a':'x'}", true)
        .Row("{'$or':[{'a':[{'exists':false}]},{'a':['x']}]}", "{'a':'y'}", false)
        .Row("{'$or':[{'a':{'b':['1']}},{'c':['2']}]}", "{'a':{'b':'1'}}", true);

    public static readonly PatternTable Nesting = new PatternTable()
        .Row("{'detail':{'bucket':{'name':['photos']}}}", "{'detail':{'bucket':{'name':'photos'}}}", true)
        .Row("{'detail':{'bucket':{'name':['photos']}}}", "{'detail':{'bucket':{'name':'other'}}}", false)
        .Row("{'detail':{'bucket':{'name':['photos']}}}", "{'detail':{'bucket':'photos'}}", false)
        .Row("{'detail':{'bucket':{'name':['photos']}}}", "{'detail':{'bucket':{'name':{'x':'photos'}}}}", false)
        .Row("{'detail':{'bucket':{'name':['photos']}}}", "{'detail':'photos'}", false)
        .Row("{'detail':{'bucket':{'name':['photos']}}}", "{}", false)
        .Row("{'detail':{'a':['1'],'b':['2']}}", "{'detail':{'a':'1','b':'2','c':'3'}}", true)
        .Row("{'detail':{'a':['1'],'b':['2']}}", "{'detail':{'a':'1'}}", false)
        .Row("{'items':{'id':['1'],'ok':[true]}}", "{'items':[{'id':'1','ok':false},{'id':'2','ok':true}]}", false)
        .Row("{'items':{'id':['1'],'ok':[true]}}", "{'items':[{'id':'2','ok':false},{'id':'1','ok':true}]}", true)
        .Row("{'items':{'id':['1']}}", "{'items':[[{'id':'1'}]]}", true)
        .Row("{'items':{'id':['1']}}", "{'items':['1']}", false)
        .Row("{'source':['aws.s3'],'detail-type':['Object Created'],'detail':{'bucket':{'name':['photos-in']},'object':{'key':[{'wildcard':'uploads/*.jpg'}],'size':[{'numeric':['>',1024]}]}}}",
            "{'source':'aws.s3','detail-type':'Object Created','detail':{'bucket':{'name':'photos-in'},'object':{'key':'uploads/cat.jpg','size':2048}}}", true)
        .Row("{'source':['aws.s3'],'detail-type':['Object Created'],'detail':{'bucket':{'name':['photos-in']},'object':{'key':[{'wildcard':'uploads/*.jpg'}],'size':[{'numeric':['>',1024]}]}}}",
            "{'source':'aws.s3','detail-type':'Object Created','detail':{'bucket':{'name':'photos-in'},'object':{'key':'uploads/cat.jpg','size':41}}}", false);

    [Theory]
    [MemberData(nameof(Or))]
    public void Matches_Or_FollowsTheTable(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(pattern, @event));

    [Theory]
    [MemberData(nameof(Nesting))]
    public void Matches_NestedObjects_FollowsTheTable(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(pattern, @event));
}
