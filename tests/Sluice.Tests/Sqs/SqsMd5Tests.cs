using System.Text;
using Sluice.Sqs.Messages;

namespace Sluice.Tests.Sqs;

/// <summary>Vectors from AWS's documentation and SDK samples: an SDK that verifies checksums fails on any other value.</summary>
public sealed class SqsMd5Tests
{
    private static Dictionary<string, SqsMessageAttributeValue> Strings(params (string Name, string Value)[] attributes) =>
        attributes.ToDictionary(a => a.Name, a => new SqsMessageAttributeValue("String", a.Value, null));

    [Fact]
    public void OfBody_Hello_IsTheMd5OfItsUtf8()
    {
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", SqsMd5.OfBody("hello"));
    }

    [Fact]
    public void OfAttributes_OneString_MatchesAwsSample()
    {
        Assert.Equal("cd28f3b68aeee4b2eac9c66f2f694b58", SqsMd5.OfAttributes(Strings(("SellerName", "Example Store"))));
    }

    [Fact]
    public void OfAttributes_SeveralStringsInAnyOrder_SortedByNameAsAwsSample()
    {
        var attributes = Strings(("SellerName", "Example Store"), ("Region", "WA"), ("City", "Any City"), ("PostalCode", "99065"));

        Assert.Equal("66d793da93becb551e41562575418975", SqsMd5.OfAttributes(attributes));
    }

    [Fact]
    public void OfAttributes_TwoStringsGivenOutOfOrder_MatchesAwsSample()
    {
        var attributes = Strings(("test_attribute_name_2", "test_attribute_value_2"), ("test_attribute_name_1", "test_attribute_value_1"));

        Assert.Equal("d53f3b558fe951154770f25cb63dbba9", SqsMd5.OfAttributes(attributes));
    }

    [Fact]
    public void OfAttributes_Binary_UsesTransportTypeTwoAndTheRawBytes()
    {
        var attributes = new Dictionary<string, SqsMessageAttributeValue>
        {
            ["test_attribute_name"] = new("Binary", null, Encoding.UTF8.GetBytes("test_attribute_value")),
        };

        Assert.Equal("23f6bd27ea87aab7dfeadcc9aebee495", SqsMd5.OfAttributes(attributes));
    }

    [Fact]
    public void OfAttributes_None_IsNull()
    {
        Assert.Null(SqsMd5.OfAttributes(new Dictionary<string, SqsMessageAttributeValue>()));
        Assert.Null(SqsMd5.OfSystemAttributes(null));
    }

    [Fact]
    public void OfSystemAttributes_TraceHeader_IsTheAttributeChecksumOfAStringNamedAwsTraceHeader()
    {
        var trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";

        Assert.Equal(SqsMd5.OfAttributes(Strings(("AWSTraceHeader", trace))), SqsMd5.OfSystemAttributes(trace));
    }
}
