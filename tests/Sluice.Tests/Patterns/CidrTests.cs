namespace Sluice.Tests.Patterns;

public class CidrTests
{
    public static readonly PatternTable Cases = new PatternTable()
        .Row("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':'10.0.0.1'}", true)
        .Row("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':'10.0.0.255'}", true)
        .Row("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':'10.0.1.0'}", false)
        .Row("{'ip':[{'cidr':'10.0.0.0/8'}]}", "{'ip':'10.255.3.4'}", true)
        .Row("{'ip':[{'cidr':'10.0.0.0/8'}]}", "{'ip':'11.0.0.0'}", false)
        .Row("{'ip':[{'cidr':'10.0.0.7/24'}]}", "{'ip':'10.0.0.200'}", true)
        .Row("{'ip':[{'cidr':'192.168.1.5/32'}]}", "{'ip':'192.168.1.5'}", true)
        .Row("{'ip':[{'cidr':'192.168.1.5/32'}]}", "{'ip':'192.168.1.6'}", false)
        .Row("{'ip':[{'cidr':'0.0.0.0/0'}]}", "{'ip':'8.8.8.8'}", true)
        .Row("{'ip':[{'cidr':'10.0.0.0/25'}]}", "{'ip':'10.0.0.127'}", true)
        .Row("{'ip':[{'cidr':'10.0.0.0/25'}]}", "{'ip':'10.0.0.128'}", false)
        .Row("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':'not-an-ip'}", false)
        .Row("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':10}", false)
        .Row("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':'::1'}", false)
        .Row("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{}", false)
        .Row("{'ip':[{'cidr':'2001:db8::/32'}]}", "{'ip':'2001:db8:1::5'}", true)
        .Row("{'ip':[{'cidr':'2001:db8::/32'}]}", "{'ip':'2001:db9::5'}", false)
        .Row("{'ip':[{'cidr':'2001:db8::/32'}]}", "{'ip':'10.0.0.1'}", false)
        .Row("{'ip':[{'cidr':'::1/128'}]}", "{'ip':'::1'}", true)
        .Row("{'ip':[{'cidr':'fe80::/10'}]}", "{'ip':'febf::1'}", true)
        .Row("{'ip':[{'cidr':'fe80::/10'}]}", "{'ip':'fec0::1'}", false)
        .Row("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':['1.1.1.1','10.0.0.9']}", true);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_Cidr_FollowsTheTable(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(pattern, @event));
}
