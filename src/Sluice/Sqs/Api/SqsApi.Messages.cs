using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;

namespace Sluice.Sqs.Api;

/// <summary>The message operations: send, receive, delete and change visibility, single and batched.</summary>
public sealed partial class SqsApi
{
    private const int MaxReceive = 10;
    private const int MaxWaitSeconds = 20;
    private const int MaxVisibilitySeconds = 43_200;

    private static readonly string[] SystemAttributeNames =
    [
        "SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "SequenceNumber",
        "MessageDeduplicationId", "MessageGroupId", SqsMessageRules.AwsTraceHeader, "DeadLetterQueueSourceArn",
    ];

    private async Task<JsonObject> SendMessageAsync(SqsInput input, SqsCall call)
    {
        var queue = Queue(input);
        var message = ParseMessage(input);
        SqsMessageRules.Validate(queue, message);
        var sent = (await messages.SendCheckedAsync(queue, [message], call.SenderId))[0];
        return Sent(new JsonObject(), sent);
    }

    private async Task<JsonObject> SendMessageBatchAsync(SqsInput input, SqsCall call)
    {
        var queue = Queue(input);
        var entries = BatchEntries(input, "SendMessageBatchRequestEntry");
        var accepted = new List<(string Id, SqsNewMessage Message)>(entries.Count);
        var failed = new JsonArray();
        var total = 0;
        foreach (var (id, entry) in entries)
        {
            try
            {
                var message = ParseMessage(entry);
                total += SqsMessageRules.Size(message);
                SqsMessageRules.Validate(queue, message);
                accepted.Add((id, message));
            }
            catch (SqsException error)
            {
                failed.Add(Failure(id, error));
            }
        }
        if (total > SqsMessageRules.MaxBatchBytes)
            throw SqsErrors.BatchRequestTooLong.With($"Batch requests cannot be longer than {SqsMessageRules.MaxBatchBytes} bytes. You have sent {total} bytes.");
        var successful = new JsonArray();
        if (accepted.Count > 0)
        {
            var sent = await messages.SendCheckedAsync(queue, [.. accepted.Select(entry => entry.Message)], call.SenderId);
            for (var i = 0; i < sent.Count; i++)
                successful.Add(Sent(new JsonObject { ["Id"] = accepted[i].Id }, sent[i]));
        }
        return BatchResult(successful, failed);
    }

    private async Task<JsonObject> ReceiveMessageAsync(SqsInput input, SqsCall call)
    {
        var queue = Queue(input);
        var max = input.Int("MaxNumberOfMessages") ?? 1;
        if (max is < 1 or > MaxReceive)
            throw SqsErrors.InvalidValue("MaxNumberOfMessages", Text(max), $"Must be between 1 and {MaxReceive}, if provided.");
        var visibility = input.Int("VisibilityTimeout");
        if (visibility is < 0 or > MaxVisibilitySeconds)
            throw SqsErrors.InvalidValue("VisibilityTimeout", visibility.ToString(), $"Must be between 0 and {MaxVisibilitySeconds}, if provided.");
        var wait = input.Int("WaitTimeSeconds") ?? queue.ReceiveMessageWaitTimeSeconds;
        if (wait is < 0 or > MaxWaitSeconds)
            throw SqsErrors.InvalidValue("WaitTimeSeconds", Text(wait), $"Must be >= 0 and <= {MaxWaitSeconds}, if provided.");
        var systemNames = input.Strings("AttributeNames").Concat(input.Strings("MessageSystemAttributeNames")).ToHashSet(StringComparer.Ordinal);
        foreach (var name in systemNames)
        {
            if (name != SqsQueueAttributes.All && !SystemAttributeNames.Contains(name, StringComparer.Ordinal)) throw SqsErrors.UnknownAttribute(name);
        }
        if (input.String("ReceiveRequestAttemptId") is { } attempt && (attempt.Length is 0 or > 128 || !attempt.All(c => char.IsAscii(c) && !char.IsControl(c))))
            throw SqsErrors.InvalidValue("ReceiveRequestAttemptId", attempt, "It can only include alphanumeric and punctuation characters. 1 to 128 in length.");
        var attributeFilter = new AttributeFilter(input.Strings("MessageAttributeNames"));

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(call.Aborted, lifetime.ApplicationStopping);
        var received = await messages.ReceiveAsync(queue, max, visibility, TimeSpan.FromSeconds(wait), stopping.Token);
        if (received.Count == 0) return [];
        var list = new JsonArray();
        foreach (var message in received)
            list.Add(Render(message, systemNames, attributeFilter));
        return new JsonObject { ["Messages"] = list };
    }

    private async Task<JsonObject> DeleteMessageAsync(SqsInput input)
    {
        var queue = Queue(input);
        var outcome = await messages.DeleteAsync(queue, input.RequiredString("ReceiptHandle"));
        return outcome.Error is { } error ? throw error : [];
    }

    private async Task<JsonObject> DeleteMessageBatchAsync(SqsInput input)
    {
        var queue = Queue(input);
        var entries = BatchEntries(input, "DeleteMessageBatchRequestEntry");
        var handles = new List<(string Id, string Handle)>(entries.Count);
        var failed = new JsonArray();
        foreach (var (id, entry) in entries)
        {
            try { handles.Add((id, entry.RequiredString("ReceiptHandle"))); }
            catch (SqsException error) { failed.Add(Failure(id, error)); }
        }
        var outcomes = await messages.DeleteAsync(queue, [.. handles.Select(entry => entry.Handle)]);
        return BatchResult(handles.Select(entry => entry.Id), outcomes, failed);
    }

    private async Task<JsonObject> ChangeMessageVisibilityAsync(SqsInput input)
    {
        var queue = Queue(input);
        var handle = input.RequiredString("ReceiptHandle");
        await messages.ChangeVisibilityAsync(queue, handle, VisibilityTimeout(input));
        return [];
    }

    private async Task<JsonObject> ChangeMessageVisibilityBatchAsync(SqsInput input)
    {
        var queue = Queue(input);
        var entries = BatchEntries(input, "ChangeMessageVisibilityBatchRequestEntry");
        var changes = new List<(string Id, string Handle, int Seconds)>(entries.Count);
        var failed = new JsonArray();
        foreach (var (id, entry) in entries)
        {
            try { changes.Add((id, entry.RequiredString("ReceiptHandle"), VisibilityTimeout(entry))); }
            catch (SqsException error) { failed.Add(Failure(id, error)); }
        }
        var outcomes = await messages.ChangeVisibilityAsync(queue, [.. changes.Select(change => (change.Handle, change.Seconds))]);
        return BatchResult(changes.Select(change => change.Id), outcomes, failed);
    }

    private static int VisibilityTimeout(SqsInput input)
    {
        var seconds = input.Int("VisibilityTimeout") ?? throw SqsErrors.Missing("VisibilityTimeout");
        return seconds is < 0 or > MaxVisibilitySeconds
            ? throw SqsErrors.InvalidValue("VisibilityTimeout", Text(seconds), $"Must be between 0 and {MaxVisibilitySeconds}, if provided.")
            : seconds;
    }

    /// <summary>
    /// A batch's entries with their ids, after the checks that fail the whole request: none or more than ten entries,
    /// an id of the wrong form, a repeated id.
    /// </summary>
    private static List<(string Id, SqsInput Entry)> BatchEntries(SqsInput input, string entryName)
    {
        var array = input.Array("Entries");
        if (array is null || array.Count == 0)
            throw SqsErrors.EmptyBatchRequest.With($"There should be at least one {entryName} in the request.");
        if (array.Count > SqsMessageRules.MaxBatchEntries)
            throw SqsErrors.TooManyEntriesInBatchRequest.With(
                $"Maximum number of entries per request are {SqsMessageRules.MaxBatchEntries}. You have sent {array.Count}.");
        var entries = new List<(string, SqsInput)>(array.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in array)
        {
            var entry = new SqsInput(node as JsonObject ?? throw SqsErrors.InvalidParameterValue.With($"Each {entryName} must be an object."));
            var id = entry.RequiredString("Id");
            if (!BatchEntryId().IsMatch(id))
                throw SqsErrors.InvalidBatchEntryId.With(
                    "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");
            if (!ids.Add(id))
                throw SqsErrors.BatchEntryIdsNotDistinct.With($"Id {id} repeated.");
            entries.Add((id, entry));
        }
        return entries;
    }

    private static SqsNewMessage ParseMessage(SqsInput input)
    {
        var body = input.String("MessageBody") ?? throw SqsErrors.Missing("MessageBody");
        var attributes = ParseAttributes(input.Object("MessageAttributes"), "MessageAttributes");
        var system = ParseAttributes(input.Object("MessageSystemAttributes"), "MessageSystemAttributes");
        string? trace = null;
        foreach (var (name, value) in system)
        {
            if (name != SqsMessageRules.AwsTraceHeader)
                throw SqsErrors.InvalidParameterValue.With($"Message system attribute name '{name}' is invalid.");
            if (value.DataType != "String" || value.StringValue is null)
                throw SqsErrors.InvalidParameterValue.With($"{SqsMessageRules.AwsTraceHeader} must be a String message system attribute.");
            trace = value.StringValue;
        }
        return new SqsNewMessage(body, attributes, trace, input.Int("DelaySeconds"), input.String("MessageGroupId"), input.String("MessageDeduplicationId"));
    }

    private static Dictionary<string, SqsMessageAttributeValue> ParseAttributes(JsonObject? map, string member)
    {
        var attributes = new Dictionary<string, SqsMessageAttributeValue>(StringComparer.Ordinal);
        if (map is null) return attributes;
        if (map.Count > SqsMessageRules.MaxAttributes)
            throw SqsErrors.InvalidParameterValue.With($"Number of message attributes [{map.Count}] exceeds the allowed maximum [{SqsMessageRules.MaxAttributes}].");
        foreach (var (name, node) in map)
        {
            var value = new SqsInput(node as JsonObject ?? throw SqsErrors.InvalidParameterValue.With($"{member}.{name} must be an object."));
            var dataType = value.String("DataType") ?? throw SqsErrors.InvalidParameterValue.With($"The message attribute '{name}' must contain a DataType.");
            if (value.Json.ContainsKey("StringListValues") || value.Json.ContainsKey("BinaryListValues"))
                throw SqsErrors.InvalidParameterValue.With("Message attribute list values in SendMessage operation are not supported.");
            byte[]? binary = null;
            if (value.String("BinaryValue") is { } base64)
            {
                try { binary = Convert.FromBase64String(base64); }
                catch (FormatException) { throw SqsErrors.InvalidParameterValue.With($"The BinaryValue of message attribute '{name}' is not valid base64."); }
            }
            attributes[name] = new SqsMessageAttributeValue(dataType, value.String("StringValue"), binary);
        }
        return attributes;
    }

    private static JsonObject Render(SqsReceivedMessage message, HashSet<string> systemNames, AttributeFilter filter)
    {
        var json = new JsonObject
        {
            ["MessageId"] = message.MessageId,
            ["ReceiptHandle"] = message.ReceiptHandle,
            ["MD5OfBody"] = message.Md5OfBody,
            ["Body"] = message.Body,
        };
        var all = systemNames.Contains(SqsQueueAttributes.All);
        var system = new JsonObject();
        void Put(string name, string? value)
        {
            if (value is not null && (all || systemNames.Contains(name))) system[name] = value;
        }
        Put("SenderId", message.SenderId);
        Put("SentTimestamp", Text(message.SentTimestampMs));
        Put("ApproximateReceiveCount", Text(message.ApproximateReceiveCount));
        Put("ApproximateFirstReceiveTimestamp", Text(message.ApproximateFirstReceiveTimestampMs));
        Put("SequenceNumber", message.SequenceNumber);
        Put("MessageDeduplicationId", message.MessageDeduplicationId);
        Put("MessageGroupId", message.MessageGroupId);
        Put(SqsMessageRules.AwsTraceHeader, message.AwsTraceHeader);
        Put("DeadLetterQueueSourceArn", message.DeadLetterQueueSourceArn);
        if (system.Count > 0) json["Attributes"] = system;

        var returned = message.MessageAttributes.Where(pair => filter.Includes(pair.Key)).ToDictionary(StringComparer.Ordinal);
        if (returned.Count > 0)
        {
            // The checksum covers the attributes returned, which is what an SDK verifies it against.
            json["MD5OfMessageAttributes"] = SqsMd5.OfAttributes(returned);
            var attributes = new JsonObject();
            foreach (var (name, value) in returned)
            {
                var rendered = new JsonObject { ["DataType"] = value.DataType };
                if (value.IsBinary) rendered["BinaryValue"] = Convert.ToBase64String(value.BinaryValue!);
                else rendered["StringValue"] = value.StringValue;
                attributes[name] = rendered;
            }
            json["MessageAttributes"] = attributes;
        }
        return json;
    }

    private static JsonObject Sent(JsonObject json, SqsSent sent)
    {
        json["MessageId"] = sent.MessageId;
        json["MD5OfMessageBody"] = sent.Md5OfMessageBody;
        if (sent.Md5OfMessageAttributes is { } attributes) json["MD5OfMessageAttributes"] = attributes;
        if (sent.Md5OfMessageSystemAttributes is { } system) json["MD5OfMessageSystemAttributes"] = system;
        if (sent.SequenceNumber is { } sequence) json["SequenceNumber"] = sequence;
        return json;
    }

    private static JsonObject Failure(string id, SqsException error) => new()
    {
        ["Id"] = id,
        ["SenderFault"] = error.Error.SenderFault,
        ["Code"] = error.Error.QueryCode,
        ["Message"] = error.Message,
    };

    private static JsonObject BatchResult(IEnumerable<string> ids, IReadOnlyList<SqsEntryOutcome> outcomes, JsonArray failed)
    {
        var successful = new JsonArray();
        foreach (var (id, outcome) in ids.Zip(outcomes))
        {
            if (outcome.Error is { } error) failed.Add(Failure(id, error));
            else successful.Add(new JsonObject { ["Id"] = id });
        }
        return BatchResult(successful, failed);
    }

    /// <summary>Both lists are always present: SQS returns an empty Successful or Failed list rather than none.</summary>
    private static JsonObject BatchResult(JsonArray successful, JsonArray failed) => new() { ["Successful"] = successful, ["Failed"] = failed };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex BatchEntryId();

    /// <summary>Which message attributes a receive returns: <c>All</c> or <c>.*</c>, exact names, and <c>prefix.*</c>.</summary>
    private sealed class AttributeFilter(IReadOnlyList<string> names)
    {
        private readonly bool _all = names.Any(name => name is "All" or ".*");
        private readonly HashSet<string> _exact = names.Where(name => !name.EndsWith(".*", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        private readonly string[] _prefixes = [.. names.Where(name => name.EndsWith(".*", StringComparison.Ordinal)).Select(name => name[..^1])];

        public bool Includes(string name) =>
            _all || _exact.Contains(name) || _prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
    }
}
