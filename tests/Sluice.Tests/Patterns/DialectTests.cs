using Sluice.Patterns;

namespace Sluice.Tests.Patterns;

public class DialectTests
{
    [Theory]
    [InlineData(PatternDialect.SnsMessageAttributes)]
    [InlineData(PatternDialect.SnsMessageBody)]
    public void Compile_SnsErrors_UseTheInvalidParameterWording(PatternDialect dialect)
    {
        var exception = Assert.Throws<InvalidPatternException>(() => EventPattern.Compile("{\"a\":[]}", dialect));

        Assert.Equal("Invalid parameter: FilterPolicy: Empty arrays are not allowed", exception.Message);
    }

    [Fact]
    public void Compile_LambdaErrors_UseTheLambdaWording()
    {
        var exception = Assert.Throws<InvalidPatternException>(() => EventPattern.Compile("{\"a\":\"x\"}", PatternDialect.LambdaFilter));

        Assert.Equal("Invalid filter pattern definition.", exception.Message);
        Assert.Equal("\"a\" must be an object or an array", exception.Reason);
    }

    [Fact]
    public void Compile_SnsAttributePolicyNested_IsRejected()
    {
        var exception = Assert.Throws<InvalidPatternException>(() =>
            EventPattern.Compile("{\"a\":{\"b\":[\"x\"]}}", PatternDialect.SnsMessageAttributes));

        Assert.Equal("Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy", exception.Message);
    }

    [Fact]
    public void Compile_SnsBodyPolicyNested_IsAccepted() =>
        Assert.NotNull(EventPattern.Compile("{\"a\":{\"b\":[\"x\"]}}", PatternDialect.SnsMessageBody));

    [Theory]
    [InlineData(PatternDialect.SnsMessageAttributes)]
    [InlineData(PatternDialect.SnsMessageBody)]
    public void Compile_SnsSixKeys_IsRejected(PatternDialect dialect)
    {
        var policy = "{" + string.Join(",", Enumerable.Range(0, 6).Select(index => $"\"k{index}\":[\"v\"]")) + "}";

        var exception = Assert.Throws<InvalidPatternException>(() => EventPattern.Compile(policy, dialect));

        Assert.Equal("Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys", exception.Message);
    }

    [Fact]
    public void Compile_SnsFiveKeys_IsAccepted()
    {
        var policy = "{" + string.Join(",", Enumerable.Range(0, 5).Select(index => $"\"k{index}\":[\"v\"]")) + "}";

        Assert.NotNull(EventPattern.Compile(policy, PatternDialect.SnsMessageAttributes));
    }

    [Fact]
    public void Compile_SnsNestedBodyKeys_CountLeaves()
    {
        const string Policy = "{\"a\":{\"b\":[\"1\"],\"c\":[\"2\"],\"d\":{\"e\":[\"3\"],\"f\":[\"4\"],\"g\":[\"5\"],\"h\":[\"6\"]}}}";

        var exception = Assert.Throws<InvalidPatternException>(() => EventPattern.Compile(Policy, PatternDialect.SnsMessageBody));

        Assert.Contains("more than 5 keys", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(150, true)]
    [InlineData(151, false)]
    public void Compile_SnsCombinations_AreCappedAt150(int secondArraySize, bool accepted)
    {
        // 1 × n combinations: the product of the arrays' sizes.
        var values = string.Join(",", Enumerable.Range(0, secondArraySize).Select(index => $"\"v{index}\""));
        var policy = $"{{\"a\":[\"x\"],\"b\":[{values}]}}";

        if (accepted)
        {
            Assert.NotNull(EventPattern.Compile(policy, PatternDialect.SnsMessageAttributes));
            return;
        }
        var exception = Assert.Throws<InvalidPatternException>(() => EventPattern.Compile(policy, PatternDialect.SnsMessageAttributes));
        Assert.Equal("Invalid parameter: FilterPolicy: Filter policy is too complex", exception.Message);
    }

    [Fact]
    public void Compile_SnsCombinations_MultiplyAcrossKeys()
    {
        var ten = string.Join(",", Enumerable.Range(0, 10).Select(index => $"\"v{index}\""));
        var sixteen = string.Join(",", Enumerable.Range(0, 16).Select(index => index));

        var exception = Assert.Throws<InvalidPatternException>(() =>
            EventPattern.Compile($"{{\"a\":[{ten}],\"b\":[{sixteen}]}}", PatternDialect.SnsMessageAttributes));

        Assert.Contains("too complex", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PatternDialect.SnsMessageAttributes)]
    [InlineData(PatternDialect.SnsMessageBody)]
    [InlineData(PatternDialect.LambdaFilter)]
    public void Compile_WildcardOutsideEventBridge_IsRejected(PatternDialect dialect)
    {
        var exception = Assert.Throws<InvalidPatternException>(() => EventPattern.Compile("{\"a\":[{\"wildcard\":\"x*\"}]}", dialect));

        Assert.Equal("Unrecognized match type wildcard", exception.Reason);
    }

    [Fact]
    public void Compile_CidrInLambdaFilter_IsRejected() =>
        Assert.Throws<InvalidPatternException>(() => EventPattern.Compile("{\"a\":[{\"cidr\":\"10.0.0.0/8\"}]}", PatternDialect.LambdaFilter));

    [Fact]
    public void Compile_SnsNumericOutsideRange_IsRejected()
    {
        var exception = Assert.Throws<InvalidPatternException>(() =>
            EventPattern.Compile("{\"a\":[{\"numeric\":[\">\",2e9]}]}", PatternDialect.SnsMessageAttributes));

        Assert.Contains("-1.0E9 and 1.0E9", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_EventBridgeLargeNumeric_IsAccepted() =>
        Assert.NotNull(EventPattern.Compile("{\"a\":[{\"numeric\":[\">\",2e9]}]}", PatternDialect.EventBridge));

    [Theory]
    [InlineData("{\"store\":[\"example_corp\"],\"price_usd\":[{\"numeric\":[\">=\",100,\"<\",500]}],\"event\":[{\"anything-but\":[\"cancelled\"]}]}",
        "{\"store\":\"example_corp\",\"price_usd\":120,\"event\":\"order\"}", true)]
    [InlineData("{\"store\":[\"example_corp\"],\"price_usd\":[{\"numeric\":[\">=\",100,\"<\",500]}],\"event\":[{\"anything-but\":[\"cancelled\"]}]}",
        "{\"store\":\"example_corp\",\"price_usd\":120,\"event\":\"cancelled\"}", false)]
    [InlineData("{\"qty\":[10,20]}", "{\"qty\":20}", true)]
    [InlineData("{\"tags\":[\"red\"]}", "{\"tags\":[\"blue\",\"red\"]}", true)]
    public void Matches_SnsAttributePolicy_OnTheAttributesObject(string policy, string attributes, bool expected) =>
        Assert.Equal(expected, PatternTable.Matches(policy, attributes, PatternDialect.SnsMessageAttributes));
}
