using Sluice.Catalog;

namespace Sluice.Queueing;

/// <summary>
/// The durable leased queue every asynchronous path shares (DESIGN §3). Each operation runs on the caller's catalog
/// connection, so an enqueue commits with the write that caused it and a completion with the outcome it records.
/// An item is handed out by a lease for a visibility period; only the lease's holder may complete, release, extend or
/// dead-letter it, and an expired lease makes the item visible again, to this process after a restart or to another.
/// </summary>
public static class LeasedQueue
{
    /// <summary>A lease owner's name for this process: unique across restarts, and it says which host and process held a lease.</summary>
    public static string NewOwner() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Adds an item, leasable from <paramref name="visibleAtMs"/>; its key must be new. Returns its id. Items with a
    /// <paramref name="group"/> are handed out in order within it by <see cref="LeaseGrouped"/>.
    /// </summary>
    public static long Enqueue(CatalogConnection connection, string queue, string key, byte[]? payload, long? payloadReference,
        long enqueuedAtMs, long visibleAtMs, string? group = null) =>
        Insert(connection, queue, key, payload, payloadReference, enqueuedAtMs, visibleAtMs, owner: null, token: null, group);

    /// <summary>
    /// Adds an item already leased to <paramref name="owner"/> until <paramref name="untilMs"/>: a consumer with room
    /// takes new work as it is enqueued, in the same transaction, instead of leasing it in a write of its own (as an
    /// SQS long poll that is waiting gets a new message). Returns the lease.
    /// </summary>
    public static QueueLease EnqueueLeased(CatalogConnection connection, string queue, string key, byte[]? payload, long? payloadReference,
        long enqueuedAtMs, string owner, long untilMs)
    {
        var token = NewToken();
        return new QueueLease(Insert(connection, queue, key, payload, payloadReference, enqueuedAtMs, untilMs, owner, token), token);
    }

    private static long Insert(CatalogConnection connection, string queue, string key, byte[]? payload, long? payloadReference,
        long enqueuedAtMs, long visibleAtMs, string? owner, long? token, string? group = null)
    {
        using var command = connection.Statement("""
            INSERT INTO queue_items (queue, item_key, payload, payload_reference, enqueued_at_ms, visible_at_ms, lease_owner, lease_token, leases,
                first_leased_at_ms, item_group)
            VALUES (@queue, @key, @payload, @reference, @enqueued, @visible, @owner, @token, @leases, @firstLeased, @group)
            RETURNING id
            """);
        command.Bind("@queue", queue);
        command.Bind("@key", key);
        command.Bind("@payload", payload);
        command.Bind("@reference", payloadReference);
        command.Bind("@enqueued", enqueuedAtMs);
        command.Bind("@visible", visibleAtMs);
        command.Bind("@owner", owner);
        command.Bind("@token", token);
        command.Bind("@leases", token is null ? 0 : 1);
        command.Bind("@firstLeased", token is null ? null : enqueuedAtMs);
        command.Bind("@group", group);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Hands out up to <paramref name="max"/> of the queue's visible items, those visible longest first, each leased to
    /// <paramref name="owner"/> until now + <paramref name="visibilityMs"/>; returned oldest first. One statement, so
    /// that each engine can make it atomic its own way: SQLite has one writer; PostgreSQL will select the ids
    /// <c>FOR UPDATE SKIP LOCKED</c> so that nodes leasing at once take different items.
    /// </summary>
    public static List<QueueItem> Lease(CatalogConnection connection, string queue, string owner, int max, long nowMs, long visibilityMs) =>
        Lease(connection.Statement("""
            UPDATE queue_items SET lease_owner = @owner, lease_token = @token, visible_at_ms = @until, leases = leases + 1,
                first_leased_at_ms = COALESCE(first_leased_at_ms, @now)
            WHERE id IN (SELECT id FROM queue_items WHERE queue = @queue AND visible_at_ms <= @now ORDER BY visible_at_ms, id LIMIT @max)
            RETURNING id, item_key, payload, payload_reference, enqueued_at_ms, leases, attempts, last_error, item_group, first_leased_at_ms, dead_letter_source
            """), queue, owner, max, nowMs, visibilityMs);

    /// <summary>
    /// <see cref="Lease"/> for a queue whose items keep their group's order (SQS FIFO): hands out visible items oldest
    /// first, but none of a group that has an item under an unexpired lease, so a group is worked on by one holder at a
    /// time and in order. An item waiting for its time (a delay) does not hold its group back.
    /// </summary>
    public static List<QueueItem> LeaseGrouped(CatalogConnection connection, string queue, string owner, int max, long nowMs, long visibilityMs) =>
        Lease(connection.Statement("""
            UPDATE queue_items SET lease_owner = @owner, lease_token = @token, visible_at_ms = @until, leases = leases + 1,
                first_leased_at_ms = COALESCE(first_leased_at_ms, @now)
            WHERE id IN (
                SELECT id FROM queue_items AS candidate
                WHERE candidate.queue = @queue AND candidate.visible_at_ms <= @now
                    AND NOT EXISTS (
                        SELECT 1 FROM queue_items AS held
                        WHERE held.queue = @queue AND held.item_group = candidate.item_group
                            AND held.lease_token IS NOT NULL AND held.visible_at_ms > @now)
                ORDER BY candidate.id LIMIT @max)
            RETURNING id, item_key, payload, payload_reference, enqueued_at_ms, leases, attempts, last_error, item_group, first_leased_at_ms, dead_letter_source
            """), queue, owner, max, nowMs, visibilityMs);

    private static List<QueueItem> Lease(CatalogCommand statement, string queue, string owner, int max, long nowMs, long visibilityMs)
    {
        using var command = statement;
        var until = nowMs + visibilityMs;
        var token = NewToken();
        command.Bind("@owner", owner);
        command.Bind("@token", token);
        command.Bind("@until", until);
        command.Bind("@queue", queue);
        command.Bind("@now", nowMs);
        command.Bind("@max", max);
        using var reader = command.ExecuteReader();
        var items = new List<QueueItem>();
        while (reader.Read())
        {
            items.Add(new QueueItem(new QueueLease(reader.GetInt64(0), token), reader.GetString(1),
                reader.IsDBNull(2) ? null : (byte[])reader[2], reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt32(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7), until)
            {
                Group = reader.IsDBNull(8) ? null : reader.GetString(8),
                FirstLeasedAtMs = reader.GetInt64(9),
                DeadLetterSource = reader.IsDBNull(10) ? null : reader.GetString(10),
            });
        }
        // RETURNING's order is the engine's; ids grow with enqueue time.
        items.Sort((a, b) => a.Lease.ItemId.CompareTo(b.Lease.ItemId));
        return items;
    }

    /// <summary>
    /// When the queue's next item becomes visible, not counting those <paramref name="owner"/> holds (it knows about
    /// those); null when it has no other item. An expired lease of a dead holder counts, so its items are taken over.
    /// </summary>
    public static long? NextVisibleAt(CatalogConnection connection, string queue, string owner)
    {
        using var command = connection.Statement("""
            SELECT visible_at_ms FROM queue_items WHERE queue = @queue AND (lease_owner IS NULL OR lease_owner <> @owner)
            ORDER BY visible_at_ms LIMIT 1
            """);
        command.Bind("@queue", queue);
        command.Bind("@owner", owner);
        return command.ExecuteScalar() is long at ? at : null;
    }

    /// <summary>When the queue's next item that is not visible yet becomes visible (a delay ends, a lease expires); null when none waits.</summary>
    public static long? NextVisibleAfter(CatalogConnection connection, string queue, long nowMs)
    {
        using var command = connection.Statement("""
            SELECT MIN(visible_at_ms) FROM queue_items WHERE queue = @queue AND visible_at_ms > @now
            """);
        command.Bind("@queue", queue);
        command.Bind("@now", nowMs);
        return command.ExecuteScalar() is long at ? at : null;
    }

    /// <summary>Whether the queue has an item visible now: a read that spares an idle consumer a lease write.</summary>
    public static bool HasVisible(CatalogConnection connection, string queue, long nowMs)
    {
        using var command = connection.Statement("SELECT 1 FROM queue_items WHERE queue = @queue AND visible_at_ms <= @now LIMIT 1");
        command.Bind("@queue", queue);
        command.Bind("@now", nowMs);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>Where a lease stands: still held, expired with nobody else holding the item, or gone (leased again, finished, moved).</summary>
    public static LeaseStanding Standing(CatalogConnection connection, QueueLease lease, long nowMs)
    {
        using var command = connection.Statement("SELECT visible_at_ms FROM queue_items WHERE id = @id AND lease_token = @token");
        return Bind(command, lease).ExecuteScalar() switch
        {
            long visibleAt when visibleAt > nowMs => LeaseStanding.Held,
            long => LeaseStanding.Expired,
            _ => LeaseStanding.Lost,
        };
    }

    /// <summary>Removes the item: its work is done. False when the lease is no longer the item's (expired and taken over, or the item is gone).</summary>
    public static bool Complete(CatalogConnection connection, QueueLease lease)
    {
        using var command = connection.Statement("DELETE FROM queue_items WHERE id = @id AND lease_token = @token");
        return Bind(command, lease).ExecuteNonQuery() == 1;
    }

    /// <summary>Ends the lease and keeps the item for another attempt, invisible until <paramref name="visibleAtMs"/>; counts the attempt and keeps its error.</summary>
    public static bool Release(CatalogConnection connection, QueueLease lease, long visibleAtMs, string? error)
    {
        using var command = connection.Statement("""
            UPDATE queue_items SET lease_owner = NULL, lease_token = NULL, visible_at_ms = @visible, attempts = attempts + 1, last_error = @error
            WHERE id = @id AND lease_token = @token
            """);
        command.Bind("@visible", visibleAtMs);
        command.Bind("@error", error);
        return Bind(command, lease).ExecuteNonQuery() == 1;
    }

    /// <summary>Ends the lease without an attempt: the item is visible again at once (work that never started).</summary>
    public static bool GiveBack(CatalogConnection connection, QueueLease lease, long nowMs)
    {
        using var command = connection.Statement("""
            UPDATE queue_items SET lease_owner = NULL, lease_token = NULL, visible_at_ms = @now WHERE id = @id AND lease_token = @token
            """);
        command.Bind("@now", nowMs);
        return Bind(command, lease).ExecuteNonQuery() == 1;
    }

    /// <summary>Moves the lease's expiry to <paramref name="untilMs"/> (SQS ChangeMessageVisibility; a holder's renewal).</summary>
    public static bool Extend(CatalogConnection connection, QueueLease lease, long untilMs)
    {
        using var command = connection.Statement("UPDATE queue_items SET visible_at_ms = @until WHERE id = @id AND lease_token = @token");
        command.Bind("@until", untilMs);
        return Bind(command, lease).ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Moves the item to the end of <paramref name="deadLetterQueue"/>, visible there at once, with its history (leases,
    /// attempts) and <paramref name="error"/> (SQS redrive; a delivery that will not succeed).
    /// </summary>
    public static bool DeadLetter(CatalogConnection connection, QueueLease lease, string deadLetterQueue, long nowMs, string? error)
    {
        using var command = connection.Statement("""
            UPDATE queue_items SET queue = @target, lease_owner = NULL, lease_token = NULL, visible_at_ms = @now,
                last_error = COALESCE(@error, last_error), dead_letter_source = queue
            WHERE id = @id AND lease_token = @token
            """);
        command.Bind("@target", deadLetterQueue);
        command.Bind("@now", nowMs);
        command.Bind("@error", error);
        return Bind(command, lease).ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Up to <paramref name="max"/> of the queue's items that are visible now, oldest first, with the queue each was
    /// dead-lettered from: what a redrive moves.
    /// </summary>
    public static List<QueuedItem> Visible(CatalogConnection connection, string queue, long nowMs, int max)
    {
        using var command = connection.Statement("""
            SELECT id, item_key, dead_letter_source FROM queue_items WHERE queue = @queue AND visible_at_ms <= @now ORDER BY id LIMIT @max
            """);
        command.Bind("@queue", queue).Bind("@now", nowMs).Bind("@max", max);
        using var reader = command.ExecuteReader();
        var items = new List<QueuedItem>();
        while (reader.Read())
            items.Add(new QueuedItem(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return items;
    }

    /// <summary>
    /// Moves a visible item of <paramref name="queue"/> to the end of <paramref name="target"/> as new work: visible at
    /// once, its leases counted from zero (a redrive back from a dead-letter queue). False when it is no longer there or
    /// is leased.
    /// </summary>
    public static bool Move(CatalogConnection connection, long itemId, string queue, string target, long nowMs)
    {
        using var command = connection.Statement("""
            UPDATE queue_items SET queue = @target, lease_owner = NULL, lease_token = NULL, visible_at_ms = @now, leases = 0,
                first_leased_at_ms = NULL, dead_letter_source = NULL
            WHERE id = @id AND queue = @queue AND visible_at_ms <= @now
            """);
        return command.Bind("@target", target).Bind("@now", nowMs).Bind("@id", itemId).Bind("@queue", queue).ExecuteNonQuery() == 1;
    }

    /// <summary>Removes the queue's items enqueued before <paramref name="enqueuedBeforeMs"/>, leased or not (retention); returns how many.</summary>
    public static int Expire(CatalogConnection connection, string queue, long enqueuedBeforeMs) =>
        connection.Execute("DELETE FROM queue_items WHERE queue = @queue AND enqueued_at_ms < @before",
            ("@queue", queue), ("@before", enqueuedBeforeMs));

    /// <summary>The queue's items by where they stand now: visible, under an unexpired lease, or waiting for their time.</summary>
    public static QueueCounts Counts(CatalogConnection connection, string queue, long nowMs)
    {
        using var command = connection.Statement("""
            SELECT COALESCE(SUM(CASE WHEN visible_at_ms <= @now THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN visible_at_ms > @now AND lease_token IS NOT NULL THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN visible_at_ms > @now AND lease_token IS NULL THEN 1 ELSE 0 END), 0)
            FROM queue_items WHERE queue = @queue
            """);
        command.Bind("@queue", queue).Bind("@now", nowMs);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new QueueCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// Makes a waiting item visible at <paramref name="nowMs"/> if it was due later (a retry asked for now); a leased
    /// item is left to its holder. False when no item has this key.
    /// </summary>
    public static bool MakeVisible(CatalogConnection connection, string key, long nowMs)
    {
        using var command = connection.Statement("""
            UPDATE queue_items SET visible_at_ms = @now WHERE item_key = @key AND lease_token IS NULL AND visible_at_ms > @now
            """);
        command.Bind("@key", key).Bind("@now", nowMs).ExecuteNonQuery();
        return Find(connection, key) is not null;
    }

    /// <summary>The item with this key, wherever it stands, or null once it was completed (or never existed).</summary>
    public static QueueItemState? Find(CatalogConnection connection, string key)
    {
        using var command = connection.Statement("""
            SELECT queue, enqueued_at_ms, visible_at_ms, lease_token, leases, attempts, last_error FROM queue_items WHERE item_key = @key
            """);
        command.Bind("@key", key);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new QueueItemState(reader.GetString(0), key, reader.GetInt64(1), reader.GetInt64(2), !reader.IsDBNull(3),
            reader.GetInt32(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6));
    }

    /// <summary>The queue's items, leased or not.</summary>
    public static long Depth(CatalogConnection connection, string queue)
    {
        using var command = connection.Statement("SELECT COUNT(*) FROM queue_items WHERE queue = @queue");
        command.Bind("@queue", queue);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Every queue that has items, with its depth and the age of its oldest item.</summary>
    public static List<QueueStats> Stats(CatalogConnection connection, long nowMs)
    {
        using var command = connection.Statement("SELECT queue, COUNT(*), MIN(enqueued_at_ms) FROM queue_items GROUP BY queue ORDER BY queue");
        using var reader = command.ExecuteReader();
        var stats = new List<QueueStats>();
        while (reader.Read())
            stats.Add(new QueueStats(reader.GetString(0), reader.GetInt64(1), Math.Max(0, nowMs - reader.GetInt64(2))));
        return stats;
    }

    /// <summary>Removes every item of the queue (its consumer is gone); returns how many.</summary>
    public static int Purge(CatalogConnection connection, string queue) =>
        connection.Execute("DELETE FROM queue_items WHERE queue = @queue", ("@queue", queue));

    private static long NewToken() => Random.Shared.NextInt64(1, long.MaxValue);

    private static CatalogCommand Bind(CatalogCommand command, QueueLease lease) =>
        command.Bind("@id", lease.ItemId).Bind("@token", lease.Token);
}
