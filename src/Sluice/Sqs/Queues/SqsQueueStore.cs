using System.Collections.Concurrent;
using Sluice.Catalog;
using Sluice.Hosting;
using Sluice.Queueing;

namespace Sluice.Sqs.Queues;

/// <summary>
/// The queues: their definitions live in the catalog (<c>sqs_queues</c>), which is the truth; this keeps every one in
/// memory, replaced once a change commits, so that a send finds its queue without a read.
/// </summary>
public sealed class SqsQueueStore
{
    private const int MaxTags = 50;

    private readonly ICatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SqsQueue> _queues = new(StringComparer.Ordinal);

    public SqsQueueStore(ICatalog catalog, SluiceOptions options, TimeProvider time)
    {
        _catalog = catalog;
        _time = time;
        Region = options.Region;
        AccountId = options.AccountId;
        foreach (var queue in catalog.Read(ReadAll))
            _queues[queue.Name] = queue;
    }

    public string Region { get; }
    public string AccountId { get; }

    public SqsQueue? Find(string name) => _queues.GetValueOrDefault(name);

    public SqsQueue? FindByArn(string arn) => SqsQueueNames.NameOfArn(arn, Region, AccountId) is { } name ? Find(name) : null;

    /// <summary>The queues whose names start with <paramref name="prefix"/>, by name.</summary>
    public IReadOnlyList<SqsQueue> List(string? prefix) =>
        [.. _queues.Values.Where(queue => prefix is null || queue.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(queue => queue.Name, StringComparer.Ordinal)];

    /// <summary>The queues whose redrive policy names <paramref name="deadLetterQueue"/>, by name.</summary>
    public IReadOnlyList<SqsQueue> DeadLetterSourcesOf(SqsQueue deadLetterQueue) =>
        [.. _queues.Values.Where(queue => queue.DeadLetterTargetArn == deadLetterQueue.Arn).OrderBy(queue => queue.Name, StringComparer.Ordinal)];

    /// <summary>
    /// Creates the queue, or returns the existing one when every requested attribute equals its value (SQS's idempotent
    /// CreateQueue); QueueNameExists when one differs.
    /// </summary>
    public async Task<SqsQueue> CreateAsync(string name, IReadOnlyDictionary<string, string> requested, IReadOnlyDictionary<string, string> tags)
    {
        var attributes = new Dictionary<string, string>(requested, StringComparer.Ordinal);
        var fifo = attributes.Remove(SqsQueueAttributes.FifoQueue, out var fifoValue) && fifoValue.Equals("true", StringComparison.OrdinalIgnoreCase);
        if (fifoValue is not null && !fifo && !fifoValue.Equals("false", StringComparison.OrdinalIgnoreCase))
            throw SqsErrors.InvalidAttribute(SqsQueueAttributes.FifoQueue);
        if (!SqsQueueNames.IsValid(name, fifo))
        {
            throw SqsErrors.InvalidParameterValue.With(fifo || name.EndsWith(SqsQueueNames.FifoSuffix, StringComparison.Ordinal)
                ? "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
                : "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
        var changes = SqsQueueAttributes.Validate(attributes, fifo, creating: true);
        CheckTags(tags, new Dictionary<string, string>());
        var merged = Merge(SqsQueueAttributes.Defaults(fifo), changes);
        var arn = SqsQueueNames.Arn(Region, AccountId, name);
        Check(arn, fifo, merged);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return await _catalog.WriteAsync(connection =>
        {
            if (ReadOne(connection, name) is { } existing)
            {
                foreach (var (attribute, value) in changes)
                {
                    if (existing.Attributes.GetValueOrDefault(attribute, "") != value)
                        throw SqsErrors.QueueNameExists.With($"A queue already exists with the same name and a different value for attribute {attribute}");
                }
                return existing;
            }
            // Messages a send committed after an earlier queue of this name was deleted belong to nobody.
            LeasedQueue.Purge(connection, SqsQueue.LeasedQueuePrefix + name);
            connection.Execute("""
                INSERT INTO sqs_queues (name, attributes, tags, created_s, modified_s) VALUES (@name, @attributes, @tags, @now, @now)
                """, ("@name", name), ("@attributes", SqsJson.Write(merged)), ("@tags", SqsJson.Write(tags)), ("@now", now));
            var queue = Build(name, merged, new Dictionary<string, string>(tags, StringComparer.Ordinal), now, now);
            connection.AfterCommit(() => _queues[name] = queue);
            return queue;
        });
    }

    /// <summary>Deletes the queue with its messages.</summary>
    public Task DeleteAsync(SqsQueue queue) => _catalog.WriteAsync(connection =>
    {
        connection.Execute("DELETE FROM sqs_queues WHERE name = @name", ("@name", queue.Name));
        connection.Execute("DELETE FROM sqs_deduplication WHERE queue = @name", ("@name", queue.Name));
        LeasedQueue.Purge(connection, queue.LeasedQueueName);
        connection.AfterCommit(() => _queues.TryRemove(queue.Name, out _));
    });

    /// <summary>Changes settable attributes (an empty policy removes it); returns the queue as it now is.</summary>
    public Task<SqsQueue> SetAttributesAsync(SqsQueue queue, IReadOnlyDictionary<string, string> requested)
    {
        var changes = SqsQueueAttributes.Validate(requested, queue.IsFifo, creating: false);
        var merged = Merge(queue.Attributes, changes);
        Check(queue.Arn, queue.IsFifo, merged);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return UpdateAsync(queue, connection =>
        {
            connection.Execute("UPDATE sqs_queues SET attributes = @attributes, modified_s = @now WHERE name = @name",
                ("@attributes", SqsJson.Write(merged)), ("@now", now), ("@name", queue.Name));
        });
    }

    public Task<SqsQueue> TagAsync(SqsQueue queue, IReadOnlyDictionary<string, string> tags)
    {
        CheckTags(tags, queue.Tags);
        return UpdateTagsAsync(queue, current =>
        {
            foreach (var (key, value) in tags) current[key] = value;
        });
    }

    public Task<SqsQueue> UntagAsync(SqsQueue queue, IReadOnlyList<string> keys) =>
        UpdateTagsAsync(queue, current =>
        {
            foreach (var key in keys) current.Remove(key);
        });

    /// <summary>The next FIFO SequenceNumber of the queue, inside the sending transaction.</summary>
    internal static long NextSequence(CatalogConnection connection, SqsQueue queue)
    {
        using var command = connection.Statement("UPDATE sqs_queues SET last_sequence = last_sequence + 1 WHERE name = @name RETURNING last_sequence");
        command.Bind("@name", queue.Name);
        return command.ExecuteScalar() is long sequence ? sequence : throw SqsErrors.NoSuchQueue();
    }

    private Task<SqsQueue> UpdateTagsAsync(SqsQueue queue, Action<Dictionary<string, string>> change) =>
        UpdateAsync(queue, connection =>
        {
            var current = ReadOne(connection, queue.Name) ?? throw SqsErrors.NoSuchQueue();
            var tags = new Dictionary<string, string>(current.Tags, StringComparer.Ordinal);
            change(tags);
            connection.Execute("UPDATE sqs_queues SET tags = @tags WHERE name = @name", ("@tags", SqsJson.Write(tags)), ("@name", queue.Name));
        });

    /// <summary>Runs a change of the queue's row and puts the row as committed in memory.</summary>
    private Task<SqsQueue> UpdateAsync(SqsQueue queue, Action<CatalogConnection> change) => _catalog.WriteAsync(connection =>
    {
        change(connection);
        var updated = ReadOne(connection, queue.Name) ?? throw SqsErrors.NoSuchQueue();
        connection.AfterCommit(() => _queues[queue.Name] = updated);
        return updated;
    });

    /// <summary>The checks that span attributes and queues: FIFO settings, and a redrive policy's dead-letter queue.</summary>
    private void Check(string arn, bool fifo, IReadOnlyDictionary<string, string> attributes)
    {
        if (fifo) SqsQueueAttributes.CheckFifoCombination(attributes);
        if (!attributes.TryGetValue(RedrivePolicy.Attribute, out var json)) return;
        var policy = RedrivePolicy.Parse(json);
        if (FindByArn(policy.DeadLetterTargetArn) is not { } target)
            throw RedrivePolicy.Invalid(json, "Dead letter target does not exist.");
        if (target.IsFifo != fifo)
            throw RedrivePolicy.Invalid(json, "Dead-letter queue must be same type of queue as the source.");
        if (target.RedriveAllow is { } allow && !allow.Allows(arn))
            throw RedrivePolicy.Invalid(json, $"Queue {target.Arn} does not allow this queue as a dead-letter source by its RedriveAllowPolicy.");
    }

    private static void CheckTags(IReadOnlyDictionary<string, string> tags, IReadOnlyDictionary<string, string> existing)
    {
        if (tags.Keys.Union(existing.Keys).Count() > MaxTags)
            throw SqsErrors.InvalidParameterValue.With($"Too many tags added for queue. A queue can have at most {MaxTags} tags.");
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || value.Length > 256)
                throw SqsErrors.InvalidParameterValue.With("Tag keys must be 1 to 128 characters and tag values at most 256 characters.");
        }
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> changes)
    {
        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            if (value.Length == 0) merged.Remove(name);
            else merged[name] = value;
        }
        return merged;
    }

    private SqsQueue Build(string name, Dictionary<string, string> attributes, Dictionary<string, string> tags, long created, long modified) => new()
    {
        Name = name,
        Arn = SqsQueueNames.Arn(Region, AccountId, name),
        Attributes = attributes,
        Tags = tags,
        CreatedTimestamp = created,
        LastModifiedTimestamp = modified,
        Redrive = attributes.TryGetValue(RedrivePolicy.Attribute, out var redrive) ? RedrivePolicy.Parse(redrive) : null,
        RedriveAllow = attributes.TryGetValue(RedriveAllowPolicy.Attribute, out var allow) ? RedriveAllowPolicy.Parse(allow) : null,
    };

    private List<SqsQueue> ReadAll(CatalogConnection connection)
    {
        using var command = connection.Statement("SELECT name, attributes, tags, created_s, modified_s FROM sqs_queues");
        using var reader = command.ExecuteReader();
        var queues = new List<SqsQueue>();
        while (reader.Read())
            queues.Add(Build(reader.GetString(0), SqsJson.Read(reader.GetString(1)), SqsJson.Read(reader.GetString(2)), reader.GetInt64(3), reader.GetInt64(4)));
        return queues;
    }

    private SqsQueue? ReadOne(CatalogConnection connection, string name)
    {
        using var command = connection.Statement("SELECT attributes, tags, created_s, modified_s FROM sqs_queues WHERE name = @name");
        command.Bind("@name", name);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? Build(name, SqsJson.Read(reader.GetString(0)), SqsJson.Read(reader.GetString(1)), reader.GetInt64(2), reader.GetInt64(3))
            : null;
    }
}
