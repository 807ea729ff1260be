using System.Xml.Linq;
using Sluice.Events;
using Sluice.Gateway;

namespace Sluice.Tests.Events;

public class NotificationRulesTests
{
    private static NotificationRule Rule(string events, string? prefix = null, string? suffix = null) =>
        new("r", DestinationKind.Function, "arn:aws:lambda:us-east-1:000000000000:function:f", events.Split(','), prefix, suffix);

    [Theory]
    [InlineData("s3:ObjectCreated:*", 4)]
    [InlineData("s3:ObjectCreated:Put", 1)]
    [InlineData("s3:ObjectRemoved:*", 2)]
    [InlineData("s3:ObjectTagging:*", 2)]
    [InlineData("s3:ObjectRestore:Completed", 0)]
    public void Expand_KnownName_CoversItsEventTypes(string name, int count) =>
        Assert.Equal(count, S3EventNames.Expand(name)!.Count);

    [Theory]
    [InlineData("s3:ObjectCreated:Bogus")]
    [InlineData("ObjectCreated:Put")]
    [InlineData("s3:*")]
    public void Expand_UnknownName_IsNull(string name) => Assert.Null(S3EventNames.Expand(name));

    [Theory]
    [InlineData("s3:ObjectCreated:*", null, null, "s3:ObjectCreated:Put", null, null, true)]
    [InlineData("s3:ObjectCreated:Put", "uploads/", ".jpg", "s3:ObjectCreated:Put", "uploads/", ".png", false)]
    [InlineData("s3:ObjectCreated:Put", "uploads/", "jpg", "s3:ObjectCreated:Put", "uploads/", "pg", true)]
    [InlineData("s3:ObjectCreated:Put", "a/", null, "s3:ObjectCreated:Put", "b/", null, false)]
    [InlineData("s3:ObjectCreated:Put", "a/", null, "s3:ObjectCreated:Put", "a/b/", null, true)]
    [InlineData("s3:ObjectCreated:*", null, null, "s3:ObjectRemoved:*", null, null, false)]
    public void Overlap_TwoRules_ConflictOnlyForSharedTypeAndOverlappingFilters(
        string eventsA, string? prefixA, string? suffixA, string eventsB, string? prefixB, string? suffixB, bool expected) =>
        Assert.Equal(expected, NotificationValidator.Overlap(Rule(eventsA, prefixA, suffixA), Rule(eventsB, prefixB, suffixB)));

    [Fact]
    public void Matches_PrefixAndSuffix_BothMustHoldOnRawKey()
    {
        var rule = Rule("s3:ObjectCreated:*", "uploads/", ".jpg");
        Assert.True(rule.Matches(S3EventName.ObjectCreatedCopy, "uploads/red flower.jpg"));
        Assert.False(rule.Matches(S3EventName.ObjectCreatedPut, "uploads/a.png"));
        Assert.False(rule.Matches(S3EventName.ObjectRemovedDelete, "uploads/a.jpg"));
    }

    [Fact]
    public void Parse_CliShapedXml_ReadsFunctionRuleWithFilter()
    {
        var configuration = NotificationConfigurationXml.Parse(XElement.Parse("""
            <NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <CloudFunctionConfiguration>
                <Id>thumbs</Id>
                <CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:thumbs</CloudFunction>
                <Event>s3:ObjectCreated:*</Event>
                <Filter><S3Key>
                  <FilterRule><Name>prefix</Name><Value>uploads/</Value></FilterRule>
                  <FilterRule><Name>Suffix</Name><Value>.jpg</Value></FilterRule>
                </S3Key></Filter>
              </CloudFunctionConfiguration>
            </NotificationConfiguration>
            """));
        var rule = Assert.Single(configuration.Rules);
        Assert.Equal(("thumbs", DestinationKind.Function, "uploads/", ".jpg"), (rule.Id, rule.Kind, rule.Prefix, rule.Suffix));
    }

    [Fact]
    public void Parse_TwoPrefixRules_IsInvalidArgument()
    {
        var failure = Assert.Throws<S3Exception>(() => NotificationConfigurationXml.Parse(XElement.Parse("""
            <NotificationConfiguration><LambdaFunctionConfiguration>
              <LambdaFunctionArn>arn:aws:lambda:us-east-1:000000000000:function:f</LambdaFunctionArn>
              <Event>s3:ObjectCreated:*</Event>
              <Filter><S3Key>
                <FilterRule><Name>prefix</Name><Value>a</Value></FilterRule>
                <FilterRule><Name>prefix</Name><Value>b</Value></FilterRule>
              </S3Key></Filter>
            </LambdaFunctionConfiguration></NotificationConfiguration>
            """)));
        Assert.Equal("InvalidArgument", failure.Error.Code);
    }

    [Theory]
    [InlineData("uploads/red flower.jpg", "uploads/red+flower.jpg")]
    [InlineData("a+b.txt", "a%2Bb.txt")]
    [InlineData("k=v:1%.txt", "k%3Dv%3A1%25.txt")]
    [InlineData("été/ü.png", "%C3%A9t%C3%A9/%C3%BC.png")]
    [InlineData("photo (1)!.jpg", "photo+%281%29%21.jpg")]
    [InlineData("a-b_c.d*e~f.txt", "a-b_c.d*e%7Ef.txt")]
    public void Encode_Key_AsS3EncodesKeysInEvents(string key, string expected) =>
        Assert.Equal(expected, EventKeyEncoding.Encode(key));
}
