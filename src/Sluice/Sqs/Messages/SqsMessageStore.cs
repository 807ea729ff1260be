using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Catalog;
using Sluice.Queueing;
using Sluice.Sqs.Queues;

namespace Sluice.Sqs.Messages;

/// <summary>
/// SQS messages on the durable leased queue (<see cref="LeasedQueue"/>): a queue is <c>sqs:&lt;name&gt;</c>, a message
/// an item keyed by its MessageId, a receive a lease, a receipt handle that lease authenticated. Sends and deletes are
/// acknowledged once durable; receives lease without an fsync (a lease lost in a power failure only delivers again).
/// </summary>
public sealed class SqsMessageStore
{
    private const string KeySetting = "receipt-handle-key";
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromSeconds(60);

    private readonly ICatalog _catalog;
    private readonly SqsQueueStore _queues;
    private readonly TimeProvider _time;
    private readonly ReceiptHandles _handles;
    private readonly QueueSignals _signals = new();
    private readonly string _owner = LeasedQueue.NewOwner();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastPurge = new(StringComparer.Ordinal);

    public SqsMessageStore(ICatalog catalog, SqsQueueStore queues, TimeProvider time)
    {
        _catalog = catalog;
        _queues = queues;
        _time = time;
        _handles = new ReceiptHandles(LoadKey(catalog));
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Enqueues inside the caller's transaction (an S3 event, a Lambda destination); long polls wake once it commits.
    /// Throws the SqsException SQS would answer when the message does not fit the queue.
    /// </summary>
    public SqsSent Enqueue(CatalogConnection connection, SqsQueue queue, SqsNewMessage message, string senderId, long nowMs)
    {
        SqsMessageRules.Validate(queue, message);
        return EnqueueChecked(connection, queue, message, senderId, nowMs);
    }

    /// <summary>Sends messages in one durable write; FIFO duplicates are answered with the original message.</summary>
    public Task<IReadOnlyList<SqsSent>> SendAsync(SqsQueue queue, IReadOnlyList<SqsNewMessage> messages, string senderId)
    {
        foreach (var message in messages)
            SqsMessageRules.Validate(queue, message);
        return SendCheckedAsync(queue, messages, senderId);
    }

    /// <summary><see cref="SendAsync"/> for messages the caller has validated with <see cref="SqsMessageRules.Validate"/>.</summary>
    internal async Task<IReadOnlyList<SqsSent>> SendCheckedAsync(SqsQueue queue, IReadOnlyList<SqsNewMessage> messages, string senderId)
    {
        var now = NowMs;
        return await _catalog.WriteAsync(connection =>
        {
            var sent = new SqsSent[messages.Count];
            for (var i = 0; i < messages.Count; i++)
                sent[i] = EnqueueChecked(connection, queue, messages[i], senderId, now);
            return sent;
        });
    }

    private SqsSent EnqueueChecked(CatalogConnection connection, SqsQueue queue, SqsNewMessage message, string senderId, long nowMs)
    {
        var md5OfBody = SqsMd5.OfBody(message.Body);
        var md5OfAttributes = SqsMd5.OfAttributes(message.MessageAttributes);
        var md5OfSystemAttributes = SqsMd5.OfSystemAttributes(message.AwsTraceHeader);
        string? deduplicationId = null, sequenceNumber = null, deduplicationKey = null;
        if (queue.IsFifo)
        {
            deduplicationId = message.MessageDeduplicationId ?? SqsDeduplication.ContentId(message.Body);
            deduplicationKey = SqsDeduplication.Key(queue, message.MessageGroupId!, deduplicationId);
            if (SqsDeduplication.Find(connection, queue, deduplicationKey, nowMs) is { } original)
                return new SqsSent(original.MessageId, md5OfBody, md5OfAttributes, md5OfSystemAttributes, original.SequenceNumber);
            sequenceNumber = SqsQueueStore.NextSequence(connection, queue).ToString("D20", CultureInfo.InvariantCulture);
        }
        var messageId = Guid.CreateVersion7().ToString();
        var payload = SqsMessageCodec.Encode(message, md5OfBody, senderId, deduplicationId, sequenceNumber);
        var delayMs = (message.DelaySeconds ?? queue.DelaySeconds) * 1000L;
        LeasedQueue.Enqueue(connection, queue.LeasedQueueName, messageId, payload, null, nowMs, nowMs + delayMs, message.MessageGroupId);
        if (deduplicationKey is not null)
            SqsDeduplication.Remember(connection, queue, deduplicationKey, new(messageId, sequenceNumber), nowMs);
        connection.AfterCommit(() => _signals.Pulse(queue.Name));
        return new SqsSent(messageId, md5OfBody, md5OfAttributes, md5OfSystemAttributes, sequenceNumber);
    }

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/>, each leased for the visibility timeout (the queue's unless given).
    /// With a <paramref name="wait"/>, returns as soon as a message is committed or becomes visible, else empty at the
    /// end of the wait (or when <paramref name="cancellationToken"/> fires).
    /// </summary>
    public async Task<IReadOnlyList<SqsReceivedMessage>> ReceiveAsync(
        SqsQueue queue, int maxMessages, int? visibilityTimeoutSeconds, TimeSpan wait, CancellationToken cancellationToken)
    {
        var visibilityMs = (visibilityTimeoutSeconds ?? queue.VisibilityTimeoutSeconds) * 1000L;
        var deadline = _time.GetUtcNow() + wait;
        while (true)
        {
            var signal = _signals.Next(queue.Name);
            var now = NowMs;
            if (_catalog.Read(connection => LeasedQueue.HasVisible(connection, queue.LeasedQueueName, now)))
            {
                var (received, skipped) = await _catalog.WriteNowWithoutSyncAsync(connection =>
                    LeaseMessages(connection, queue, maxMessages, now, visibilityMs));
                if (received.Count > 0) return received;
                if (skipped) continue;
            }
            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero) return [];
            if (_catalog.Read(connection => LeasedQueue.NextVisibleAfter(connection, queue.LeasedQueueName, now)) is { } visibleAt)
            {
                var untilVisible = TimeSpan.FromMilliseconds(Math.Max(1, visibleAt - NowMs));
                if (untilVisible < remaining) remaining = untilVisible;
            }
            try
            {
                await signal.WaitAsync(remaining, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return [];
            }
        }
    }

    /// <summary>
    /// One receive's lease: messages past the queue's retention are dropped, and those received more than the redrive
    /// policy's maxReceiveCount move to the dead-letter queue in this same transaction instead of being returned.
    /// </summary>
    private (List<SqsReceivedMessage> Received, bool Skipped) LeaseMessages(
        CatalogConnection connection, SqsQueue queue, int max, long now, long visibilityMs)
    {
        var items = queue.IsFifo
            ? LeasedQueue.LeaseGrouped(connection, queue.LeasedQueueName, _owner, max, now, visibilityMs)
            : LeasedQueue.Lease(connection, queue.LeasedQueueName, _owner, max, now, visibilityMs);
        var retainedFrom = now - queue.MessageRetentionPeriodSeconds * 1000L;
        var deadLetterQueue = queue.Redrive is { } redrive ? _queues.FindByArn(redrive.DeadLetterTargetArn) : null;
        var received = new List<SqsReceivedMessage>(items.Count);
        var skipped = false;
        foreach (var item in items)
        {
            if (item.EnqueuedAtMs < retainedFrom)
            {
                LeasedQueue.Complete(connection, item.Lease);
                skipped = true;
                continue;
            }
            if (deadLetterQueue is not null && item.Leases > queue.MaxReceiveCount)
            {
                LeasedQueue.DeadLetter(connection, item.Lease, deadLetterQueue.LeasedQueueName, now, error: null);
                connection.AfterCommit(() => _signals.Pulse(deadLetterQueue.Name));
                skipped = true;
                continue;
            }
            received.Add(ToReceived(queue, item));
        }
        if (skipped && queue.IsFifo)
            connection.AfterCommit(() => _signals.Pulse(queue.Name));
        return (received, skipped);
    }

    private SqsReceivedMessage ToReceived(SqsQueue queue, QueueItem item)
    {
        var stored = SqsMessageCodec.Decode(item.Payload!);
        return new SqsReceivedMessage(
            item.Key, _handles.Create(queue.Name, item.Lease), stored.Body, stored.Md5OfBody, stored.Attributes,
            SqsMd5.OfAttributes(stored.Attributes), item.EnqueuedAtMs, item.Leases, item.FirstLeasedAtMs, stored.SenderId,
            stored.AwsTraceHeader, item.Group, stored.DeduplicationId, stored.SequenceNumber)
        {
            DeadLetterQueueSourceArn = item.DeadLetterSource is { } source && source.StartsWith(SqsQueue.LeasedQueuePrefix, StringComparison.Ordinal)
                ? SqsQueueNames.Arn(_queues.Region, _queues.AccountId, source[SqsQueue.LeasedQueuePrefix.Length..])
                : null,
        };
    }

    /// <summary>
    /// Deletes the message a handle names once durable. A stale handle (the message was received again since, or is
    /// gone) succeeds without deleting, as SQS documents; a malformed or forged one is ReceiptHandleIsInvalid.
    /// </summary>
    public async Task<SqsEntryOutcome> DeleteAsync(SqsQueue queue, string receiptHandle) => (await DeleteAsync(queue, [receiptHandle]))[0];

    /// <summary>The batch form of <see cref="DeleteAsync(SqsQueue, string)"/>: one durable write for every valid handle.</summary>
    public async Task<IReadOnlyList<SqsEntryOutcome>> DeleteAsync(SqsQueue queue, IReadOnlyList<string> receiptHandles)
    {
        var outcomes = new SqsEntryOutcome[receiptHandles.Count];
        var leases = new List<QueueLease>(receiptHandles.Count);
        for (var i = 0; i < receiptHandles.Count; i++)
        {
            if (_handles.TryRead(queue.Name, receiptHandles[i], out var lease))
            {
                leases.Add(lease);
                outcomes[i] = SqsEntryOutcome.Success;
            }
            else
            {
                outcomes[i] = new SqsEntryOutcome(SqsErrors.InvalidHandle(receiptHandles[i]));
            }
        }
        if (leases.Count > 0)
        {
            await _catalog.WriteAsync(connection =>
            {
                foreach (var lease in leases)
                    LeasedQueue.Complete(connection, lease);
                if (queue.IsFifo)
                    connection.AfterCommit(() => _signals.Pulse(queue.Name));
            });
        }
        return outcomes;
    }

    /// <summary>
    /// Sets when the message a handle names becomes visible again, counted from now (0: at once). The handle must be
    /// the message's latest and the message in flight: MessageNotInflight when its visibility already ended, and
    /// InvalidParameterValue when it was received again since or is gone.
    /// </summary>
    public async Task ChangeVisibilityAsync(SqsQueue queue, string receiptHandle, int visibilityTimeoutSeconds)
    {
        var outcome = (await ChangeVisibilityAsync(queue, [(receiptHandle, visibilityTimeoutSeconds)]))[0];
        if (outcome.Error is { } error) throw error;
    }

    /// <summary>The batch form of <see cref="ChangeVisibilityAsync(SqsQueue, string, int)"/>, in one durable write.</summary>
    public async Task<IReadOnlyList<SqsEntryOutcome>> ChangeVisibilityAsync(SqsQueue queue, IReadOnlyList<(string ReceiptHandle, int VisibilityTimeoutSeconds)> changes)
    {
        var outcomes = new SqsEntryOutcome[changes.Count];
        var leases = new QueueLease?[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            if (_handles.TryRead(queue.Name, changes[i].ReceiptHandle, out var lease)) leases[i] = lease;
            else outcomes[i] = new SqsEntryOutcome(SqsErrors.InvalidHandle(changes[i].ReceiptHandle));
        }
        var now = NowMs;
        await _catalog.WriteAsync(connection =>
        {
            for (var i = 0; i < changes.Count; i++)
            {
                if (leases[i] is not { } lease) continue;
                outcomes[i] = LeasedQueue.Standing(connection, lease, now) switch
                {
                    LeaseStanding.Held => Extend(connection, queue, lease, now, changes[i].VisibilityTimeoutSeconds),
                    LeaseStanding.Expired => new SqsEntryOutcome(SqsErrors.MessageNotInflight.With("The message referred to isn't in flight.")),
                    _ => new SqsEntryOutcome(SqsErrors.InvalidValue("ReceiptHandle", changes[i].ReceiptHandle,
                        "Message does not exist or is not available for visibility timeout change.")),
                };
            }
        });
        return outcomes;
    }

    private SqsEntryOutcome Extend(CatalogConnection connection, SqsQueue queue, QueueLease lease, long now, int seconds)
    {
        LeasedQueue.Extend(connection, lease, now + seconds * 1000L);
        if (seconds == 0)
            connection.AfterCommit(() => _signals.Pulse(queue.Name));
        return SqsEntryOutcome.Success;
    }

    /// <summary>Deletes every message of the queue; SQS allows one purge a minute per queue (PurgeQueueInProgress).</summary>
    public async Task PurgeAsync(SqsQueue queue)
    {
        var now = _time.GetUtcNow();
        if (_lastPurge.TryGetValue(queue.Name, out var last) && now - last < PurgeInterval)
            throw SqsErrors.PurgeQueueInProgress.With($"Only one PurgeQueue operation on {queue.Name} is allowed every 60 seconds.");
        _lastPurge[queue.Name] = now;
        await _catalog.WriteAsync(connection => LeasedQueue.Purge(connection, queue.LeasedQueueName));
    }

    /// <summary>The messages visible now (GetQueueAttributes' ApproximateNumberOfMessages).</summary>
    public long ApproximateNumberOfMessages(SqsQueue queue) => Counts(queue).Visible;

    /// <summary>Visible, in flight (NotVisible) and delayed messages, as GetQueueAttributes counts them.</summary>
    public QueueCounts Counts(SqsQueue queue)
    {
        var now = NowMs;
        return _catalog.Read(connection => LeasedQueue.Counts(connection, queue.LeasedQueueName, now));
    }

    /// <summary>Tells long polls of the queue that messages may have arrived by a write of another's (a redrive).</summary>
    internal void Wake(SqsQueue queue) => _signals.Pulse(queue.Name);

    /// <summary>The data folder's receipt-handle key: made once, kept in the catalog, so that handles outlive a restart.</summary>
    private static byte[] LoadKey(ICatalog catalog)
    {
        return catalog.Read(Read) ?? catalog.WriteAsync(connection =>
        {
            connection.Execute("INSERT INTO sqs_settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING",
                ("@name", KeySetting), ("@value", ReceiptHandles.NewKey()));
            return Read(connection)!;
        }).GetAwaiter().GetResult();

        static byte[]? Read(CatalogConnection connection)
        {
            using var command = connection.Statement("SELECT value FROM sqs_settings WHERE name = @name");
            command.Bind("@name", KeySetting);
            return command.ExecuteScalar() as byte[];
        }
    }
}
