namespace Sluice.Tests.Patterns;

public class NumericTests
{
    public static readonly PatternTable Cases = new PatternTable()
        .Row("{'n':[{'numeric':['>',0]}]}", "{'n':1}", true)
        .Row("{'n':[{'numeric':['>',0]}]}", "{'n':0}", false)
        .Row("{'n':[{'numeric':['>',0]}]}", "{'n':-1}", false)
        .Row("{'n':[{'numeric':['>=',0]}]}", "{'n':0}", true)
        .Row("{'n':[{'numeric':['<',10]}]}", "{'n':9.999}", true)
        .Row("{'n':[{'numeric':['<',10]}]}", "{'n':10}", false)
        .Row("{'n':[{'numeric':['<=',10]}]}", "{'n':10}", true)
        .Row("{'n':[{'numeric':['<=',10]}]}", "{'n':10.0001}", false)
        .Row("{'n':[{'numeric':['=',3.5]}]}", "{'n':3.5}", true)
        .Row("{'n':[{'numeric':['=',3.5]}]}", "{'n':3.50}", true)
        .Row("{'n':[{'numeric':['=',3.5]}]}", "{'n':3.6}", false)
        .Row("{'n':[{'numeric':['=',300]}]}", "{'n':3e2}", true)
        .Row("{'n':[{'numeric':['>',0,'<=',100]}]}", "{'n':100}", true)
        .Row("{'n':[{'numeric':['>',0,'<=',100]}]}", "{'n':0}", false)
        .Row("{'n':[{'numeric':['>',0,'<=',100]}]}", "{'n':50}", true)
        .Row("{'n':[{'numeric':['>',0,'<=',100]}]}", "{'n':101}", false)
        .Row("{'n':[{'numeric':['<',100,'>=',10]}]}", "{'n':10}", true)
        .Row("{'n':[{'numeric':['<',100,'>=',10]}]}", "{'n':100}", false)
        .Row("{'n':[{'numeric':['>',0]}]}", "{'n':'5'}", false)
        .Row("{'n':[{'numeric':['>',0]}]}", "{'n':true}", false)
        .Row("{'n':[{'numeric':['>',0]}]}", "{'n':null}", false)
        .Row("{'n':[{'numeric':['>',0]}]}", "{}", false)
        .Row("{'n':[{'numeric':['>',0]}]}", "{'n':[-1,-2,3]}", true)
        .Row("{'n':[{'numeric':['>',0]}]}", "{'n':[-1,-2]}", false)
        .Row("{'n':[{'numeric':['>',-5e9]}]}", "{'n':-4e9}", true)
        .Row("{'n':[{'numeric':['>',1e300]}]}", "{'n':1e301}", true)
        .Row("{'n':[{'numeric':['<',0.000001]}]}", "{'n':0.0000001}", true)
        .Row("{'n':[{'numeric':['>',10]},{'numeric':['<',0]}]}", "{'n':-3}", true)
        .Row("{'n':[{'numeric':['>',10]},{'numeric':['<',0]}]}", "{'n':5}", false)
        .Row("{'n':[{'numeric':['>',10]}, 5]}", "{'n':5}", true)
        .Row("{'detail':{'size':[{'numeric':['>',1024]}]}}", "{'detail':{'size':2048}}", true)
        .Row("{'detail':{'size':[{'numeric':['>',1024]}]}}", "{'detail':{'size':41}}", false);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_Numeric_FollowsTheTable(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(pattern, @event));
}
