using System.Text.Json;
using Sluice.Patterns;

namespace Sluice.Tests.Patterns;

public class ExplainTests
{
    private static PatternMismatch? Explain(string pattern, string @event)
    {
        using var document = JsonDocument.Parse(PatternTable.Json(@event));
        return EventPattern.Compile(PatternTable.Json(pattern), PatternDialect.EventBridge).Explain(document.RootElement);
    }

    [Fact]
    public void Explain_Matching_IsNull() => Assert.Null(Explain("{'a':['x']}", "{'a':'x'}"));

    [Fact]
    public void Explain_NumericMiss_NamesPathAndBound()
    {
        var mismatch = Explain("{'source':['s3'],'detail':{'size':[{'numeric':['>',1024]}]}}", "{'source':'s3','detail':{'size':41}}");

        Assert.Equal(new PatternMismatch("detail.size", "41 is not > 1024"), mismatch);
    }

    [Fact]
    public void Explain_FirstFailingField_IsReported()
    {
        var mismatch = Explain("{'a':['x'],'b':['y']}", "{'a':'x','b':'z'}");

        Assert.Equal("b", mismatch!.Path);
        Assert.Equal("\"z\" is not \"y\"", mismatch.Reason);
    }

    [Fact]
    public void Explain_AbsentField_SaysSo()
    {
        var mismatch = Explain("{'detail':{'key':[{'prefix':'up/'}]}}", "{'detail':{}}");

        Assert.Equal("detail.key", mismatch!.Path);
        Assert.Equal("field is absent; the pattern wants prefix \"up/\"", mismatch.Reason);
    }

    [Fact]
    public void Explain_ExistsFalse_SaysAbsentWanted()
    {
        var mismatch = Explain("{'a':[{'exists':false}]}", "{'a':1}");

        Assert.Equal(new PatternMismatch("a", "1 is not absent"), mismatch);
    }

    [Fact]
    public void Explain_Or_ReportsTheFirstAlternative()
    {
        var mismatch = Explain("{'$or':[{'a':['x']},{'b':['y']}]}", "{'a':'q'}");

        Assert.Equal("a", mismatch!.Path);
        Assert.StartsWith("no $or alternative matched", mismatch.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_NotAnObject_SaysSo()
    {
        using var document = JsonDocument.Parse("[1]");

        var mismatch = EventPattern.Compile("{\"a\":[\"x\"]}", PatternDialect.EventBridge).Explain(document.RootElement);

        Assert.Equal("a", mismatch!.Path);
    }
}
