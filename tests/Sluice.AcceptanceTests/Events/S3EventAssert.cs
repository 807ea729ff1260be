using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sluice.AcceptanceTests.Events;

/// <summary>What one write should have produced at one function, with what the client saw of the write.</summary>
public sealed record ExpectedEvent(
    RecordingFunction Function, string EventName, string EncodedKey, string ConfigurationId, string RequestId,
    long? Size = null, string? ETag = null, string? HostId = null);

/// <summary>Checks delivered S3 events against spec 01: every field, and nothing else.</summary>
public static partial class S3EventAssert
{
    /// <summary>
    /// Each function received exactly its expected events, once each, in the message shape of spec 01;
    /// events on the same key carry increasing sequencers in the order the writes were made.
    /// </summary>
    public static void DeliveredExactly(string bucket, IReadOnlyList<RecordingFunction> functions, IReadOnlyList<ExpectedEvent> expected, DateTimeOffset notBefore)
    {
        foreach (var function in functions)
        {
            var received = function.Received();
            var mine = expected.Where(e => e.Function == function).ToList();
            Assert.True(mine.Count == received.Count,
                $"{function.Name} expected {mine.Count} events: {string.Join(", ", mine.Select(e => $"{e.EventName} {e.EncodedKey}"))}\n"
                + $"received {received.Count}: {string.Join(", ", received.Select(r => $"{r.EventName} {r.Key}"))}");
        }

        var sequencers = new Dictionary<string, List<string>>();
        foreach (var want in expected)
        {
            var matches = want.Function.Received()
                .Where(r => r.EventName == want.EventName && r.Key == want.EncodedKey
                    && r.Record.GetProperty("responseElements").GetProperty("x-amz-request-id").GetString() == want.RequestId)
                .ToList();
            Assert.True(matches.Count == 1,
                $"{want.Function.Name} received {matches.Count} {want.EventName} events for {want.EncodedKey} with request id {want.RequestId}");
            var record = matches[0].Record;
            HasSpecShape(record, bucket, want, notBefore);
            if (matches[0].Sequencer is { } sequencer)
            {
                if (!sequencers.TryGetValue(want.EncodedKey, out var seen)) sequencers[want.EncodedKey] = seen = [];
                seen.Add(sequencer);
            }
        }
        foreach (var (key, inWriteOrder) in sequencers)
            for (var i = 1; i < inWriteOrder.Count; i++)
                Assert.True(CompareSequencers(inWriteOrder[i - 1], inWriteOrder[i]) < 0,
                    $"sequencers of {key} do not increase in write order: {string.Join(", ", inWriteOrder)}");
    }

    /// <summary>Every field of spec 01 §2 for the event's family, with the values the client's write implies.</summary>
    public static void HasSpecShape(JsonElement record, string bucket, ExpectedEvent want, DateTimeOffset notBefore)
    {
        var context = $"{want.EventName} {want.EncodedKey}: {record}";
        var created = want.EventName.StartsWith("ObjectCreated:", StringComparison.Ordinal);
        var tagging = want.EventName.StartsWith("ObjectTagging:", StringComparison.Ordinal);

        AssertProperties(record, context, "eventVersion", "eventSource", "awsRegion", "eventTime", "eventName",
            "userIdentity", "requestParameters", "responseElements", "s3");
        // 2.3 is the version S3 uses for tagging events (spec 01 §2); 2.1 for the others.
        Assert.Equal(tagging ? "2.3" : "2.1", record.GetProperty("eventVersion").GetString());
        Assert.Equal("aws:s3", record.GetProperty("eventSource").GetString());
        Assert.Equal("us-east-1", record.GetProperty("awsRegion").GetString());
        Assert.Equal(want.EventName, record.GetProperty("eventName").GetString());

        var time = record.GetProperty("eventTime").GetString()!;
        Assert.Matches(EventTime(), time);
        var parsed = DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(parsed, notBefore.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        AssertProperties(record.GetProperty("userIdentity"), context, "principalId");
        Assert.False(string.IsNullOrEmpty(record.GetProperty("userIdentity").GetProperty("principalId").GetString()), context);
        AssertProperties(record.GetProperty("requestParameters"), context, "sourceIPAddress");
        Assert.Equal("127.0.0.1", record.GetProperty("requestParameters").GetProperty("sourceIPAddress").GetString());
        var response = record.GetProperty("responseElements");
        AssertProperties(response, context, "x-amz-request-id", "x-amz-id-2");
        Assert.Equal(want.RequestId, response.GetProperty("x-amz-request-id").GetString());
        Assert.False(string.IsNullOrEmpty(response.GetProperty("x-amz-id-2").GetString()), context);
        if (want.HostId is not null)
            Assert.Equal(want.HostId, response.GetProperty("x-amz-id-2").GetString());

        var s3 = record.GetProperty("s3");
        AssertProperties(s3, context, "s3SchemaVersion", "configurationId", "bucket", "object");
        Assert.Equal("1.0", s3.GetProperty("s3SchemaVersion").GetString());
        Assert.Equal(want.ConfigurationId, s3.GetProperty("configurationId").GetString());
        var bucketElement = s3.GetProperty("bucket");
        AssertProperties(bucketElement, context, "name", "ownerIdentity", "arn");
        Assert.Equal(bucket, bucketElement.GetProperty("name").GetString());
        Assert.Equal("arn:aws:s3:::" + bucket, bucketElement.GetProperty("arn").GetString());
        AssertProperties(bucketElement.GetProperty("ownerIdentity"), context, "principalId");
        Assert.False(string.IsNullOrEmpty(bucketElement.GetProperty("ownerIdentity").GetProperty("principalId").GetString()), context);

        var obj = s3.GetProperty("object");
        Assert.Equal(want.EncodedKey, obj.GetProperty("key").GetString());
        if (created)
        {
            AssertProperties(obj, context, "key", "size", "eTag", "sequencer");
            Assert.Equal(JsonValueKind.Number, obj.GetProperty("size").ValueKind);
            if (want.Size is { } size) Assert.Equal(size, obj.GetProperty("size").GetInt64());
        }
        else if (tagging)
        {
            // Tagging events carry the object's eTag but no size and no sequencer (spec 01 §5).
            AssertProperties(obj, context, "key", "eTag");
        }
        else
        {
            AssertProperties(obj, context, "key", "sequencer");
        }
        if (obj.TryGetProperty("eTag", out var etag))
        {
            Assert.DoesNotContain("\"", etag.GetString());
            if (want.ETag is not null) Assert.Equal(want.ETag.Trim('"'), etag.GetString());
        }
        if (obj.TryGetProperty("sequencer", out var sequencer))
            Assert.Matches(Hex(), sequencer.GetString());
    }

    /// <summary>AWS: pad the shorter sequencer with zeros on the right, then compare as strings.</summary>
    public static int CompareSequencers(string a, string b)
    {
        var width = Math.Max(a.Length, b.Length);
        return string.CompareOrdinal(a.PadRight(width, '0'), b.PadRight(width, '0'));
    }

    private static void AssertProperties(JsonElement element, string context, params string[] names)
    {
        var actual = element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.True(actual.SequenceEqual(names.Order(StringComparer.Ordinal)),
            $"expected exactly [{string.Join(", ", names)}] but found [{string.Join(", ", actual)}] in {context}");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex EventTime();

    [GeneratedRegex("^[0-9A-F]{16,}$")]
    private static partial Regex Hex();
}
