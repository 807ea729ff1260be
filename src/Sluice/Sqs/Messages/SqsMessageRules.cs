using System.Text;
using System.Text.RegularExpressions;
using Sluice.Sqs.Queues;

namespace Sluice.Sqs.Messages;

/// <summary>What SQS accepts in a message: characters, sizes, attributes, delays and the FIFO parameters.</summary>
public static partial class SqsMessageRules
{
    public const string AwsTraceHeader = "AWSTraceHeader";
    public const int MaxAttributes = 10;
    public const int MaxBatchEntries = 10;

    /// <summary>The total of a batch's messages (AWS: 1 MiB, formerly 256 KiB).</summary>
    public const int MaxBatchBytes = 1_048_576;

    private const int MaxDelaySeconds = 900;
    private const int MaxNameLength = 256;
    private const int MaxIdLength = 128;
    private const string AllowedCharacters = "#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF";

    /// <summary>Throws the SqsException SQS answers when <paramref name="message"/> cannot go to <paramref name="queue"/>.</summary>
    public static void Validate(SqsQueue queue, SqsNewMessage message)
    {
        if (message.Body.Length == 0)
            throw SqsErrors.Missing("MessageBody");
        if (FirstInvalidCharacter(message.Body) is { } bad)
            throw SqsErrors.InvalidMessageContents.With(
                $"Invalid binary character '#x{bad:X}' was found in the message body, the set of allowed characters is {AllowedCharacters}");
        ValidateAttributes(message.MessageAttributes);
        var size = Size(message);
        if (size > queue.MaximumMessageSize)
            throw SqsErrors.InvalidParameterValue.With(
                $"One or more parameters are invalid. Reason: Message must be shorter than {queue.MaximumMessageSize} bytes.");
        if (message.AwsTraceHeader is { } trace && FirstInvalidCharacter(trace) is not null)
            throw SqsErrors.InvalidMessageContents.With($"Invalid characters found in the message system attribute {AwsTraceHeader}.");
        if (message.DelaySeconds is { } delay)
        {
            if (delay is < 0 or > MaxDelaySeconds)
                throw SqsErrors.InvalidValue("DelaySeconds", delay.ToString(), $"DelaySeconds must be >= 0 and <= {MaxDelaySeconds}.");
            if (queue.IsFifo)
                throw SqsErrors.InvalidValue("DelaySeconds", delay.ToString(), "The request include parameter that is not valid for this queue type.");
        }
        if (message.MessageGroupId is { } group) CheckId("MessageGroupId", group);
        if (message.MessageDeduplicationId is { } deduplication) CheckId("MessageDeduplicationId", deduplication);
        if (queue.IsFifo)
        {
            if (message.MessageGroupId is null)
                throw SqsErrors.Missing("MessageGroupId");
            if (message.MessageDeduplicationId is null && !queue.ContentBasedDeduplication)
                throw SqsErrors.InvalidParameterValue.With(
                    "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
        }
        else if (message.MessageDeduplicationId is { } id)
        {
            throw SqsErrors.InvalidValue("MessageDeduplicationId", id, "The request include parameter that is not valid for this queue type.");
        }
    }

    /// <summary>A message's size as SQS counts it: the body and each attribute's name, type and value, in bytes.</summary>
    public static int Size(SqsNewMessage message)
    {
        var size = Encoding.UTF8.GetByteCount(message.Body);
        foreach (var (name, value) in message.MessageAttributes)
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType)
                + (value.IsBinary ? value.BinaryValue?.Length ?? 0 : Encoding.UTF8.GetByteCount(value.StringValue ?? ""));
        }
        return size;
    }

    /// <summary>The first code point outside XML's character set (what SQS allows), or null.</summary>
    public static int? FirstInvalidCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (!(c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)))
                return c;
        }
        return null;
    }

    private static void ValidateAttributes(IReadOnlyDictionary<string, SqsMessageAttributeValue> attributes)
    {
        if (attributes.Count > MaxAttributes)
            throw SqsErrors.InvalidParameterValue.With($"Number of message attributes [{attributes.Count}] exceeds the allowed maximum [{MaxAttributes}].");
        foreach (var (name, value) in attributes)
        {
            if (!IsValidAttributeName(name))
                throw SqsErrors.InvalidParameterValue.With(
                    $"Message (user) attribute name '{name}' is invalid: it must be 1 to {MaxNameLength} characters of A-Z, a-z, 0-9, '_', '-' and '.', "
                    + "must not start or end with a period or hold two in a row, and must not start with AWS. or Amazon.");
            if (!AttributeType().IsMatch(value.DataType) || value.DataType.Length > MaxNameLength)
                throw SqsErrors.InvalidParameterValue.With(
                    $"The type of message (user) attribute '{name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
            if (value.IsBinary ? value.BinaryValue is not { Length: > 0 } : string.IsNullOrEmpty(value.StringValue))
                throw SqsErrors.InvalidParameterValue.With($"Message (user) attribute '{name}' must contain a non-empty message attribute value.");
            if (value.IsBinary != (value.StringValue is null))
                throw SqsErrors.InvalidParameterValue.With(
                    $"Message (user) attribute '{name}' must carry a {(value.IsBinary ? "BinaryValue" : "StringValue")} only, as its type {value.DataType} says.");
            if (value.StringValue is { } text)
            {
                if (FirstInvalidCharacter(text) is not null)
                    throw SqsErrors.InvalidMessageContents.With($"Invalid characters found in the value of message attribute '{name}', allowed are {AllowedCharacters}.");
                if (value.DataType.StartsWith("Number", StringComparison.Ordinal) && !NumberValue().IsMatch(text))
                    throw SqsErrors.InvalidParameterValue.With($"Can't cast the value of message (user) attribute '{name}' to a number.");
            }
        }
    }

    private static bool IsValidAttributeName(string name) =>
        name.Length is > 0 and <= MaxNameLength
        && AttributeName().IsMatch(name)
        && !name.StartsWith('.') && !name.EndsWith('.') && !name.Contains("..", StringComparison.Ordinal)
        && !name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase);

    private static void CheckId(string parameter, string id)
    {
        if (id.Length is 0 or > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || (char.IsAscii(c) && char.IsPunctuation(c)) || (char.IsAscii(c) && char.IsSymbol(c))))
            throw SqsErrors.InvalidValue(parameter, id, $"{parameter} can only include alphanumeric and punctuation characters. 1 to {MaxIdLength} in length.");
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex AttributeName();

    [GeneratedRegex(@"^(String|Number|Binary)(\.[^\s]+)?$")]
    private static partial Regex AttributeType();

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex NumberValue();
}
