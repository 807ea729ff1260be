using Sluice.Patterns;

namespace Sluice.Tests.Patterns;

public class InvalidPatternTests
{
    /// <summary>(pattern, the reason event-ruler gives, or a fragment of it).</summary>
    public static readonly TheoryData<string, string> Cases = new()
    {
        { "{}", "Empty objects are not allowed" },
        { "[]", "Filter is not an object" },
        { "\"x\"", "Filter is not an object" },
        { "{'a':", "Filter is not valid JSON" },
        { "not json", "Filter is not valid JSON" },
        { "{'a':{}}", "Empty objects are not allowed" },
        { "{'a':[]}", "Empty arrays are not allowed" },
        { "{'a':'x'}", "\"a\" must be an object or an array" },
        { "{'a':5}", "\"a\" must be an object or an array" },
        { "{'a':null}", "\"a\" must be an object or an array" },
        { "{'a':true}", "\"a\" must be an object or an array" },
        { "{'a':[['x']]}", "Match value must be String, number, true, false, or null" },
        { "{'a':['x'],'a':['y']}", "Path `a` cannot be allowed multiple times" },
        { "{'a':{'b':['x'],'b':['y']}}", "Path `a.b` cannot be allowed multiple times" },
        { "{'a':[{}]}", "Match expression name not found" },
        { "{'a':[{'prefix':'x','suffix':'y'}]}", "Only one key allowed in match expression" },
        { "{'a':[{'regex':'x'}]}", "Unrecognized match type regex" },
        { "{'a':[{'prefix':5}]}", "prefix match pattern must be a string" },
        { "{'a':[{'prefix':null}]}", "prefix match pattern must be a string" },
        { "{'a':[{'prefix':{'other':'x'}}]}", "Unsupported prefix pattern: other" },
        { "{'a':[{'prefix':{}}]}", "Prefix expression name not found" },
        { "{'a':[{'prefix':{'equals-ignore-case':5}}]}", "equals-ignore-case match pattern must be a string" },
        { "{'a':[{'suffix':['x']}]}", "suffix match pattern must be a string" },
        { "{'a':[{'suffix':{'other':'x'}}]}", "Unsupported suffix pattern: other" },
        { "{'a':[{'equals-ignore-case':5}]}", "equals-ignore-case match pattern must be a string" },
        { "{'a':[{'equals-ignore-case':['x']}]}", "equals-ignore-case match pattern must be a string" },
        { "{'a':[{'wildcard':5}]}", "wildcard match pattern must be a string" },
        { "{'a':[{'wildcard':'a**b'}]}", "Consecutive wildcard characters at pos 2" },
        { "{'a':[{'wildcard':'a\\\\xb'}]}", "Invalid escape character at pos 1" },
        { "{'a':[{'wildcard':'ab\\\\'}]}", "Invalid escape character at pos 2" },
        { "{'a':[{'exists':'yes'}]}", "exists match pattern must be either true or false." },
        { "{'a':[{'exists':null}]}", "exists match pattern must be either true or false." },
        { "{'a':[{'anything-but':null}]}", "Value of anything-but must be an array or single string/number value." },
        { "{'a':[{'anything-but':true}]}", "Value of anything-but must be an array or single string/number value." },
        { "{'a':[{'anything-but':[]}]}", "Empty arrays are not allowed" },
        { "{'a':[{'anything-but':['a',1]}]}", "mixed type is not supported" },
        { "{'a':[{'anything-but':[null]}]}", "Inside anything but list, start|null|boolean is not supported." },
        { "{'a':[{'anything-but':[true]}]}", "Inside anything but list, start|null|boolean is not supported." },
        { "{'a':[{'anything-but':[{'prefix':'x'}]}]}", "Inside anything but list, start|null|boolean is not supported." },
        { "{'a':[{'anything-but':{}}]}", "Anything-But expression name not found" },
        { "{'a':[{'anything-but':{'numeric':['>',1]}}]}", "Unsupported anything-but pattern: numeric" },
        { "{'a':[{'anything-but':{'prefix':5}}]}", "prefix/suffix match pattern must be a string" },
        { "{'a':[{'anything-but':{'prefix':null}}]}", "Null prefix/suffix not allowed" },
        { "{'a':[{'anything-but':{'suffix':[1]}}]}", "prefix/suffix match pattern must be a string" },
        { "{'a':[{'anything-but':{'equals-ignore-case':5}}]}", "Inside anything-but/equals-ignore-case list" },
        { "{'a':[{'anything-but':{'wildcard':'a**'}}]}", "Consecutive wildcard characters" },
        { "{'a':[{'anything-but':{'prefix':'a','suffix':'b'}}]}", "Only one key allowed in match expression" },
        { "{'a':[{'numeric':5}]}", "Value of numeric must be an array." },
        { "{'a':[{'numeric':[]}]}", "Empty arrays are not allowed" },
        { "{'a':[{'numeric':['>']}]}", "Value of > must be numeric" },
        { "{'a':[{'numeric':['>','5']}]}", "Value of > must be numeric" },
        { "{'a':[{'numeric':['=','5']}]}", "Value of equals must be numeric" },
        { "{'a':[{'numeric':['!=',5]}]}", "Unrecognized numeric range operator: !=" },
        { "{'a':[{'numeric':[5,'>']}]}", "Invalid member in numeric match: 5" },
        { "{'a':[{'numeric':['>',1,'>',2]}]}", "Bad numeric range operator: >" },
        { "{'a':[{'numeric':['<',1,'<=',2]}]}", "Bad numeric range operator: <=" },
        { "{'a':[{'numeric':['=',1,'<',2]}]}", "Too many terms in numeric range expression" },
        { "{'a':[{'numeric':['>',1,'<',2,'>',3]}]}", "Too many elements in numeric expression" },
        { "{'a':[{'numeric':['>',5,'<',5]}]}", "Bottom must be less than top" },
        { "{'a':[{'numeric':['>',10,'<',1]}]}", "Bottom must be less than top" },
        { "{'a':[{'numeric':['>',1e400]}]}", "out of range" },
        { "{'a':[1e400]}", "out of range" },
        { "{'a':[{'cidr':5}]}", "cidr match pattern must be a string" },
        { "{'a':[{'cidr':'10.0.0.0'}]}", "Malformed CIDR, one '/' required" },
        { "{'a':[{'cidr':'10.0.0.0/8/8'}]}", "Malformed CIDR, one '/' required" },
        { "{'a':[{'cidr':'10.0.0.0/x'}]}", "Malformed CIDR, mask bits must be an integer" },
        { "{'a':[{'cidr':'10.0.0.0/-1'}]}", "Malformed CIDR, mask bits must not be negative" },
        { "{'a':[{'cidr':'10.0.0.0/33'}]}", "IPv4 mask bits must be <= 32" },
        { "{'a':[{'cidr':'::/129'}]}", "IPv6 mask bits must be <= 128" },
        { "{'a':[{'cidr':'10.0/8'}]}", "Invalid IP address: 10.0" },
        { "{'a':[{'cidr':'banana/8'}]}", "Invalid IP address: banana" },
        { "{'$or':{'a':['x']}}", "It must be an Array followed with $or." },
        { "{'$or':[{'a':['x']}]}", "There must have at least 2 Objects in $or relationship." },
        { "{'$or':[{'a':['x']},'b']}", "Only JSON object is allowed in array of $or relationship." },
        { "{'$or':[{'a':['x']},{}]}", "Empty objects are not allowed" },
        { "{'$or':[{'a':['x']},{'prefix':['y']}]}", "prefix is Ruler reserved fieldName which cannot be used inside $or." },
        { "{'$or':[{'a':['x']},{'numeric':['y']}]}", "numeric is Ruler reserved fieldName" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compile_InvalidPattern_ThrowsWithEventRulerReason(string pattern, string reason)
    {
        var exception = Assert.Throws<InvalidPatternException>(() =>
            EventPattern.Compile(PatternTable.Json(pattern), PatternDialect.EventBridge));

        Assert.Contains(reason, exception.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Event pattern is not valid. Reason: ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_TooDeep_IsRejected()
    {
        var pattern = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "[\"x\"]" + new string('}', 40);

        var exception = Assert.Throws<InvalidPatternException>(() => EventPattern.Compile(pattern, PatternDialect.EventBridge));

        Assert.Contains("deeper than 32", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_TooManyConditions_IsRejected()
    {
        var values = string.Join(",", Enumerable.Range(0, 1_001).Select(index => $"\"v{index}\""));

        var exception = Assert.Throws<InvalidPatternException>(() =>
            EventPattern.Compile($"{{\"a\":[{values}]}}", PatternDialect.EventBridge));

        Assert.Contains("more than 1000 conditions", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_OrCombinationsExplode_IsRejected()
    {
        var or = "{\"$or\":[{\"a\":[\"1\"]},{\"b\":[\"2\"]},{\"c\":[\"3\"]},{\"d\":[\"4\"]},{\"e\":[\"5\"]},{\"f\":[\"6\"]}]}";
        var pattern = "{" + string.Join(",", Enumerable.Range(0, 4).Select(index => $"\"n{index}\":{or}")) + "}";

        var exception = Assert.Throws<InvalidPatternException>(() => EventPattern.Compile(pattern, PatternDialect.EventBridge));

        Assert.Contains("$or combinations exceed", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ValidPattern_KeepsItsSourceText()
    {
        const string Json = "{ \"source\" : [\"a\"] }";

        Assert.Equal(Json, EventPattern.Compile(Json, PatternDialect.EventBridge).Source);
    }
}
