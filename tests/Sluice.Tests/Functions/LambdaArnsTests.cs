using Sluice.Functions;
using Sluice.Functions.Definitions;

namespace Sluice.Tests.Functions;

public class LambdaArnsTests
{
    [Theory]
    [InlineData("thumb", "thumb", null)]
    [InlineData("thumb:$LATEST", "thumb", "$LATEST")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:thumb", "thumb", null)]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:thumb:7", "thumb", "7")]
    [InlineData("000000000000:function:thumb", "thumb", null)]
    public void Parse_EveryFunctionNameForm_GivesNameAndQualifier(string input, string name, string? qualifier)
    {
        Assert.Equal((name, qualifier), LambdaArns.Parse(input));
    }

    [Fact]
    public void FunctionName_QueueArn_IsNotAFunctionDestination()
    {
        Assert.Null(LambdaArns.FunctionName("arn:aws:sqs:us-east-1:000000000000:jobs"));
        Assert.Equal("dest", LambdaArns.FunctionName("arn:aws:lambda:us-east-1:000000000000:function:dest"));
    }
}
