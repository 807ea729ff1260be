using Sluice.Sqs.Messages;

namespace Sluice.Tests.Functions.EventSources;

/// <summary>Received messages for the tests, with the fields a test cares about and plausible values for the rest.</summary>
internal static class SqsMessages
{
    public static SqsReceivedMessage Standard(string id, string body = "hello",
        IReadOnlyDictionary<string, SqsMessageAttributeValue>? attributes = null, string? trace = null) =>
        new(id, "handle-" + id, body, "5d41402abc4b2a76b9719d911017c592", attributes ?? new Dictionary<string, SqsMessageAttributeValue>(),
            attributes is null ? null : "0123456789abcdef0123456789abcdef", SentTimestampMs: 1714564800000, ApproximateReceiveCount: 1,
            ApproximateFirstReceiveTimestampMs: 1714564800012, SenderId: "AIDAEXAMPLE", trace, null, null, null);

    public static SqsReceivedMessage Fifo(string id, string group, string sequence = "18849496460467696128") =>
        Standard(id) with { MessageGroupId = group, MessageDeduplicationId = "dedup-" + id, SequenceNumber = sequence };
}
