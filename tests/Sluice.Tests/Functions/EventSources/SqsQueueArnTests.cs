using Sluice.Functions.EventSources;

namespace Sluice.Tests.Functions.EventSources;

public sealed class SqsQueueArnTests
{
    [Fact]
    public void Parse_QueueArn_GivesItsParts()
    {
        var arn = SqsQueueArn.Parse("arn:aws:sqs:eu-west-1:000000000000:jobs.fifo");

        Assert.Equal(new SqsQueueArn("eu-west-1", "000000000000", "jobs.fifo"), arn);
        Assert.True(arn!.IsFifo);
    }

    [Theory]
    [InlineData("arn:aws:kinesis:us-east-1:000000000000:stream/s")]
    [InlineData("arn:aws:sqs:us-east-1:000000000000")]
    [InlineData("arn:aws:sqs:us-east-1:0000:jobs")]
    [InlineData("arn:aws:sqs:us-east-1:00000000000x:jobs")]
    [InlineData("arn:aws:sqs::000000000000:jobs")]
    [InlineData("http://localhost:4566/000000000000/jobs")]
    public void Parse_AnythingElse_IsNull(string arn) => Assert.Null(SqsQueueArn.Parse(arn));
}
