using System.Xml.Linq;
using Sluice.Events;
using Sluice.Gateway;

namespace Sluice.Tests.Events;

public class NotificationValidatorTests
{
    private static NotificationConfiguration One(DestinationKind kind, string arn) =>
        new([new NotificationRule("r", kind, arn, ["s3:ObjectCreated:*"], null, null)], false);

    [Theory]
    [InlineData(DestinationKind.Function, "not-an-arn", "LambdaFunctionArn")]
    [InlineData(DestinationKind.Function, "arn:aws:sqs:us-east-1:000000000000:q", "LambdaFunctionArn")]
    [InlineData(DestinationKind.Queue, "arn:aws:lambda:us-east-1:000000000000:function:f", "QueueArn")]
    [InlineData(DestinationKind.Topic, "topic", "TopicArn")]
    public void Validate_UnparseableArnWithValidationSkipped_IsStillInvalidArgument(DestinationKind kind, string arn, string argument)
    {
        var failure = Assert.Throws<S3Exception>(() => NotificationValidator.Validate(One(kind, arn), skipDestinationValidation: true, _ => null));
        Assert.Equal(("InvalidArgument", "The ARN could not be parsed"), (failure.Error.Code, failure.Message));
        Assert.Contains(new KeyValuePair<string, string>("ArgumentName", argument), failure.Details);
        Assert.Contains(new KeyValuePair<string, string>("ArgumentValue", arn), failure.Details);
    }

    [Fact]
    public void Validate_MissingDestination_ListsEachWithItsProblem()
    {
        var configuration = One(DestinationKind.Function, "arn:aws:lambda:us-east-1:000000000000:function:gone");
        var failure = Assert.Throws<S3Exception>(() => NotificationValidator.Validate(configuration, false, _ => "The destination Lambda does not exist"));
        Assert.Equal("Unable to validate the following destination configurations", failure.Message);
        Assert.Equal(
            [new("ArgumentName1", "arn:aws:lambda:us-east-1:000000000000:function:gone"), new("ArgumentValue1", "The destination Lambda does not exist")],
            failure.Details);
    }

    [Fact]
    public void Validate_MissingDestinationWithValidationSkipped_IsAccepted() =>
        NotificationValidator.Validate(One(DestinationKind.Function, "arn:aws:lambda:us-east-1:000000000000:function:later"), true,
            _ => throw new InvalidOperationException("destinations are not looked up when validation is skipped"));

    [Theory]
    [InlineData("prefix")]
    [InlineData("suffix")]
    public void Parse_EmptyFilterValue_IsInvalidArgument(string name)
    {
        var failure = Assert.Throws<S3Exception>(() => NotificationConfigurationXml.Parse(XElement.Parse($"""
            <NotificationConfiguration><CloudFunctionConfiguration>
              <CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:f</CloudFunction>
              <Event>s3:ObjectCreated:*</Event>
              <Filter><S3Key><FilterRule><Name>{name}</Name><Value></Value></FilterRule></S3Key></Filter>
            </CloudFunctionConfiguration></NotificationConfiguration>
            """)));
        Assert.Equal(("InvalidArgument", "filter value cannot be empty"), (failure.Error.Code, failure.Message));
    }
}
