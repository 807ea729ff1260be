namespace Sluice.Tests.Patterns;

public class ExactMatchTests
{
    public static readonly PatternTable Cases = new PatternTable()
        .Row("{'source':['aws.s3']}", "{'source':'aws.s3'}", true)
        .Row("{'source':['aws.s3']}", "{'source':'aws.S3'}", false)
        .Row("{'source':['aws.s3']}", "{'source':'aws.s3 '}", false)
        .Row("{'source':['aws.s3']}", "{'other':'aws.s3'}", false)
        .Row("{'source':['aws.s3']}", "{}", false)
        .Row("{'source':['a','b']}", "{'source':'b'}", true)
        .Row("{'source':['a','b']}", "{'source':'c'}", false)
        .Row("{'source':['a']}", "{'source':['x','a']}", true)
        .Row("{'source':['a']}", "{'source':['x','y']}", false)
        .Row("{'source':['a']}", "{'source':[]}", false)
        .Row("{'source':['a']}", "{'source':[['a']]}", true)
        .Row("{'source':['a']}", "{'source':{'a':1}}", false)
        .Row("{'source':['a'],'kind':['k']}", "{'source':'a','kind':'k'}", true)
        .Row("{'source':['a'],'kind':['k']}", "{'source':'a','kind':'x'}", false)
        .Row("{'source':['a'],'kind':['k']}", "{'source':'a'}", false)
        .Row("{'size':[5]}", "{'size':5}", true)
        .Row("{'size':[5]}", "{'size':5.0}", true)
        .Row("{'size':[5]}", "{'size':5e0}", true)
        .Row("{'size':[300]}", "{'size':3.0e2}", true)
        .Row("{'size':[3.0e2]}", "{'size':300}", true)
        .Row("{'size':[5]}", "{'size':'5'}", false)
        .Row("{'size':['5']}", "{'size':5}", false)
        .Row("{'size':[5]}", "{'size':6}", false)
        .Row("{'size':[-1.5]}", "{'size':-1.5}", true)
        .Row("{'size':[0]}", "{'size':-0}", true)
        .Row("{'size':[5, 6]}", "{'size':[1, 6]}", true)
        .Row("{'ok':[true]}", "{'ok':true}", true)
        .Row("{'ok':[true]}", "{'ok':false}", false)
        .Row("{'ok':[true]}", "{'ok':'true'}", false)
        .Row("{'ok':[false]}", "{'ok':false}", true)
        .Row("{'ok':[false]}", "{}", false)
        .Row("{'v':[null]}", "{'v':null}", true)
        .Row("{'v':[null]}", "{}", false)
        .Row("{'v':[null]}", "{'v':'null'}", false)
        .Row("{'v':['null']}", "{'v':null}", false)
        .Row("{'v':['']}", "{'v':''}", true)
        .Row("{'v':['']}", "{'v':' '}", false)
        .Row("{'v':['']}", "{}", false)
        .Row("{'v':['']}", "{'v':null}", false)
        .Row("{'v':['caf\\u00e9']}", "{'v':'café'}", true)
        .Row("{'v':['café']}", "{'v':'caf\\u00e9'}", true)
        .Row("{'v':['a\\'b']}", "{'v':'a\\'b'}", true)
        .Row("{'v':['日本']}", "{'v':'日本'}", true)
        .Row("{'v':['日本']}", "{'v':'日本語'}", false)
        .Row("{'a.b':['x']}", "{'a.b':'x'}", true)
        .Row("{'a.b':['x']}", "{'a':{'b':'x'}}", false);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_ExactValues_FollowsTheTable(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(pattern, @event));
}
