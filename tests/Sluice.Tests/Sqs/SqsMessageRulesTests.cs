using Sluice.Sqs;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;

namespace Sluice.Tests.Sqs;

public sealed class SqsMessageRulesTests
{
    private static readonly Dictionary<string, SqsMessageAttributeValue> NoAttributes = [];

    private static SqsQueue Queue(string name, params (string, string)[] attributes)
    {
        var values = SqsQueueAttributes.Defaults(name.EndsWith(".fifo", StringComparison.Ordinal));
        foreach (var (key, value) in attributes) values[key] = value;
        return new SqsQueue
        {
            Name = name,
            Arn = "arn:aws:sqs:us-east-1:000000000000:" + name,
            Attributes = values,
            Tags = new Dictionary<string, string>(),
            CreatedTimestamp = 0,
            LastModifiedTimestamp = 0,
        };
    }

    private static SqsNewMessage Message(string body, Dictionary<string, SqsMessageAttributeValue>? attributes = null, int? delay = null,
        string? group = null, string? deduplication = null) => new(body, attributes ?? NoAttributes, null, delay, group, deduplication);

    private static string CodeOf(SqsQueue queue, SqsNewMessage message) =>
        Assert.Throws<SqsException>(() => SqsMessageRules.Validate(queue, message)).Error.Code;

    [Theory]
    [InlineData("tab\tnewline\ncr\r")]
    [InlineData("ünïcödé and 😀 (a surrogate pair)")]
    [InlineData("\uE000\uFFFD")]
    public void Validate_AllowedCharacters_Accepted(string body)
    {
        SqsMessageRules.Validate(Queue("q"), Message(body));
    }

    [Theory]
    [InlineData("nul \u0000")]
    [InlineData("bell \u0007")]
    [InlineData("\uFFFE")]
    public void Validate_CharacterOutsideXmlSet_InvalidMessageContents(string body)
    {
        Assert.Equal("InvalidMessageContents", CodeOf(Queue("q"), Message(body)));
    }

    [Fact]
    public void Validate_LoneSurrogate_InvalidMessageContents()
    {
        // Not an InlineData: xunit replaces invalid UTF-16 in test-case arguments.
        Assert.Equal("InvalidMessageContents", CodeOf(Queue("q"), Message("lone surrogate " + (char)0xD800)));
        Assert.Equal("InvalidMessageContents", CodeOf(Queue("q"), Message((char)0xDC00 + " low first")));
    }

    [Fact]
    public void Validate_BodyOverTheQueuesMaximum_InvalidParameterValue()
    {
        var queue = Queue("q", (SqsQueueAttributes.MaximumMessageSize, "1024"));

        SqsMessageRules.Validate(queue, Message(new string('a', 1024)));
        Assert.Equal("InvalidParameterValue", CodeOf(queue, Message(new string('a', 1025))));
        Assert.Equal("InvalidParameterValue", CodeOf(queue, Message(new string('a', 1000),
            new() { ["size-counts-attributes"] = new("String", new string('b', 10), null) })));
    }

    [Theory]
    [InlineData("AWS.reserved")]
    [InlineData("amazon.reserved")]
    [InlineData(".leading")]
    [InlineData("trailing.")]
    [InlineData("two..dots")]
    [InlineData("space here")]
    public void Validate_BadAttributeName_InvalidParameterValue(string name)
    {
        Assert.Equal("InvalidParameterValue", CodeOf(Queue("q"), Message("b", new() { [name] = new("String", "v", null) })));
    }

    [Theory]
    [InlineData("String", "text", null, true)]
    [InlineData("Number", "-1.5e3", null, true)]
    [InlineData("Number.int", "42", null, true)]
    [InlineData("String.custom", "x", null, true)]
    [InlineData("Binary", null, "AQI=", true)]
    [InlineData("Number", "forty-two", null, false)]
    [InlineData("Text", "x", null, false)]
    [InlineData("String", "", null, false)]
    [InlineData("Binary", "text", null, false)]
    public void Validate_AttributeTypesAndValues_AsSqsAccepts(string type, string? text, string? base64, bool accepted)
    {
        var attributes = new Dictionary<string, SqsMessageAttributeValue>
        {
            ["a"] = new(type, text, base64 is null ? null : Convert.FromBase64String(base64)),
        };

        if (accepted) SqsMessageRules.Validate(Queue("q"), Message("b", attributes));
        else Assert.Equal("InvalidParameterValue", CodeOf(Queue("q"), Message("b", attributes)));
    }

    [Fact]
    public void Validate_ElevenAttributes_InvalidParameterValue()
    {
        var attributes = Enumerable.Range(0, 11).ToDictionary(i => $"a{i}", _ => new SqsMessageAttributeValue("String", "v", null));

        Assert.Equal("InvalidParameterValue", CodeOf(Queue("q"), Message("b", attributes)));
    }

    [Fact]
    public void Validate_FifoRules_GroupRequiredDeduplicationNeededNoPerMessageDelay()
    {
        var fifo = Queue("q.fifo");
        var contentBased = Queue("c.fifo", (SqsQueueAttributes.ContentBasedDeduplication, "true"));

        Assert.Equal("MissingParameter", CodeOf(fifo, Message("b", deduplication: "d")));
        Assert.Equal("InvalidParameterValue", CodeOf(fifo, Message("b", group: "g")));
        Assert.Equal("InvalidParameterValue", CodeOf(fifo, Message("b", delay: 5, group: "g", deduplication: "d")));
        Assert.Equal("InvalidParameterValue", CodeOf(fifo, Message("b", group: "with space", deduplication: "d")));
        SqsMessageRules.Validate(fifo, Message("b", group: "g", deduplication: "d!#"));
        SqsMessageRules.Validate(contentBased, Message("b", group: "g"));
    }

    [Fact]
    public void Validate_StandardQueue_DelayUpTo900AndNoDeduplicationId()
    {
        SqsMessageRules.Validate(Queue("q"), Message("b", delay: 900));
        Assert.Equal("InvalidParameterValue", CodeOf(Queue("q"), Message("b", delay: 901)));
        Assert.Equal("InvalidParameterValue", CodeOf(Queue("q"), Message("b", deduplication: "d")));
    }
}
