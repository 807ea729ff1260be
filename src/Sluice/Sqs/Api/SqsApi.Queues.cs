using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Sqs.Queues;

namespace Sluice.Sqs.Api;

/// <summary>The queue operations: create, find, list, delete, attributes, tags, purge.</summary>
public sealed partial class SqsApi
{
    private const int MaxListResults = 1000;

    private async Task<JsonObject> CreateQueueAsync(SqsInput input, SqsCall call)
    {
        var queue = await queues.CreateAsync(input.RequiredString("QueueName"), input.StringMap("Attributes"), input.StringMap("tags"));
        return new JsonObject { ["QueueUrl"] = Url(call, queue) };
    }

    private JsonObject GetQueueUrl(SqsInput input, SqsCall call)
    {
        var name = input.RequiredString("QueueName");
        if (input.String("QueueOwnerAWSAccountId") is { } owner && owner != queues.AccountId) throw SqsErrors.NoSuchQueue();
        var queue = queues.Find(name) ?? throw SqsErrors.NoSuchQueue();
        return new JsonObject { ["QueueUrl"] = Url(call, queue) };
    }

    private JsonObject ListQueues(SqsInput input, SqsCall call)
    {
        var all = queues.List(input.String("QueueNamePrefix"));
        var page = Page(all, input, queue => queue.Name, out var nextToken);
        return UrlList("QueueUrls", page.Select(queue => Url(call, queue)), nextToken);
    }

    private async Task<JsonObject> DeleteQueueAsync(SqsInput input)
    {
        await queues.DeleteAsync(Queue(input));
        return [];
    }

    private JsonObject GetQueueAttributes(SqsInput input)
    {
        var queue = Queue(input);
        var requested = input.Strings("AttributeNames");
        var all = requested.Contains(SqsQueueAttributes.All, StringComparer.Ordinal);
        foreach (var name in requested)
        {
            if (name != SqsQueueAttributes.All && !SqsQueueAttributes.IsKnown(name)) throw SqsErrors.UnknownAttribute(name);
        }
        bool Wanted(string name) => (all || requested.Contains(name, StringComparer.Ordinal)) && SqsQueueAttributes.AppliesTo(name, queue.IsFifo);

        var attributes = new JsonObject();
        foreach (var (name, value) in queue.Attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (Wanted(name)) attributes[name] = value;
        }
        if (Wanted(SqsQueueAttributes.QueueArn)) attributes[SqsQueueAttributes.QueueArn] = queue.Arn;
        if (Wanted(SqsQueueAttributes.CreatedTimestamp)) attributes[SqsQueueAttributes.CreatedTimestamp] = Text(queue.CreatedTimestamp);
        if (Wanted(SqsQueueAttributes.LastModifiedTimestamp)) attributes[SqsQueueAttributes.LastModifiedTimestamp] = Text(queue.LastModifiedTimestamp);
        if (Wanted(SqsQueueAttributes.ApproximateNumberOfMessages) || Wanted(SqsQueueAttributes.ApproximateNumberOfMessagesNotVisible)
            || Wanted(SqsQueueAttributes.ApproximateNumberOfMessagesDelayed))
        {
            var counts = messages.Counts(queue);
            if (Wanted(SqsQueueAttributes.ApproximateNumberOfMessages)) attributes[SqsQueueAttributes.ApproximateNumberOfMessages] = Text(counts.Visible);
            if (Wanted(SqsQueueAttributes.ApproximateNumberOfMessagesNotVisible))
                attributes[SqsQueueAttributes.ApproximateNumberOfMessagesNotVisible] = Text(counts.Leased);
            if (Wanted(SqsQueueAttributes.ApproximateNumberOfMessagesDelayed))
                attributes[SqsQueueAttributes.ApproximateNumberOfMessagesDelayed] = Text(counts.Waiting);
        }
        return attributes.Count == 0 ? [] : new JsonObject { ["Attributes"] = attributes };
    }

    private async Task<JsonObject> SetQueueAttributesAsync(SqsInput input)
    {
        var queue = Queue(input);
        if (input.Object("Attributes") is null) throw SqsErrors.Missing("Attributes");
        await queues.SetAttributesAsync(queue, input.StringMap("Attributes"));
        return [];
    }

    private async Task<JsonObject> TagQueueAsync(SqsInput input)
    {
        var queue = Queue(input);
        if (input.Object("Tags") is null) throw SqsErrors.Missing("Tags");
        await queues.TagAsync(queue, input.StringMap("Tags"));
        return [];
    }

    private async Task<JsonObject> UntagQueueAsync(SqsInput input)
    {
        var queue = Queue(input);
        if (input.Array("TagKeys") is null) throw SqsErrors.Missing("TagKeys");
        await queues.UntagAsync(queue, input.Strings("TagKeys"));
        return [];
    }

    private JsonObject ListQueueTags(SqsInput input)
    {
        var queue = Queue(input);
        if (queue.Tags.Count == 0) return [];
        var tags = new JsonObject();
        foreach (var (key, value) in queue.Tags.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            tags[key] = value;
        return new JsonObject { ["Tags"] = tags };
    }

    private async Task<JsonObject> PurgeQueueAsync(SqsInput input)
    {
        await messages.PurgeAsync(Queue(input));
        return [];
    }

    /// <summary>
    /// One page of a listing by name: all of it (up to 1000) without MaxResults, as SQS does; with it, that many and a
    /// NextToken naming the last one returned when more follow.
    /// </summary>
    private static IReadOnlyList<T> Page<T>(IReadOnlyList<T> all, SqsInput input, Func<T, string> name, out string? nextToken)
    {
        nextToken = null;
        var max = input.Int("MaxResults");
        if (max is < 1 or > MaxListResults)
            throw SqsErrors.InvalidValue("MaxResults", max.ToString(), $"MaxResults must be an integer between 1 and {MaxListResults}.");
        var after = input.String("NextToken") is { } token ? DecodeToken(token) : null;
        var rest = after is null ? all : [.. all.Where(item => string.CompareOrdinal(name(item), after) > 0)];
        var page = rest.Take(max ?? MaxListResults).ToList();
        if (max is not null && rest.Count > page.Count)
            nextToken = Convert.ToBase64String(Encoding.UTF8.GetBytes(name(page[^1])));
        return page;
    }

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw SqsErrors.InvalidParameterValue.With("Invalid NextToken value.");
        }
    }

    private static JsonObject UrlList(string member, IEnumerable<string> urls, string? nextToken)
    {
        var list = new JsonArray([.. urls.Select(url => JsonValue.Create(url))]);
        var output = new JsonObject();
        if (list.Count > 0) output[member] = list;
        if (nextToken is not null) output["NextToken"] = nextToken;
        return output;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
