using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Catalog;
using Sluice.Events;
using Sluice.Events.Destinations;
using Sluice.Functions;
using Sluice.Functions.Async;
using Sluice.Functions.Definitions;
using Sluice.Hosting;
using Sluice.Queueing;

namespace Sluice.Tests.Events;

public class EventLogTests
{
    private static readonly ObjectChange Change = new(S3EventName.ObjectCreatedPut, "photos", "2026/cat+dog ü.jpg", 1234,
        "0123456789abcdef0123456789abcdef", 0x1F2E3D, DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123),
        new RequestOrigin("REQ0123456789ABC", "aG9zdC1pZA==", "127.0.0.1", "AKIDEXAMPLE"));

    private static readonly NotificationRule Rule = new("thumbnails", DestinationKind.Function,
        "arn:aws:lambda:us-east-1:000000000000:function:thumbnail", ["s3:ObjectCreated:*"], null, null);

    [Fact]
    public async Task Find_LoggedEvent_RebuildsTheSameMessage()
    {
        var path = NewPath();
        await using (var catalog = new SqliteCatalog(path, [EventsSchema.Schema]))
        {
            await catalog.WriteAsync(connection => EventLog.Insert(connection, Change, Rule, "invocation-1", EventStatus.Queued, null));

            var (entry, kind, change) = catalog.Read(connection => EventLog.Find(connection, 1))!.Value;

            Assert.Equal((DestinationKind?)DestinationKind.Function, kind);
            Assert.Equal("invocation-1", entry.InvocationId);
            Assert.Equal(Message(Change), Message(change));
        }
        File.Delete(path);
    }

    [Fact]
    public async Task Payload_OfALoggedEvent_IsItsMessage_AndOfOneGoneIsNull()
    {
        var path = NewPath();
        await using (var catalog = new SqliteCatalog(path, [EventsSchema.Schema]))
        {
            var id = await catalog.WriteAsync(connection => EventLog.Insert(connection, Change, Rule, "invocation-1", EventStatus.Queued, null));
            var payloads = new S3EventPayloads(new SluiceOptions { Host = "127.0.0.1", Port = 0, DataPath = "", AccessKey = "a", SecretKey = "s" });

            Assert.Equal(Message(Change), System.Text.Encoding.UTF8.GetString(catalog.Read(connection => payloads.Payload(connection, id))!));
            Assert.Null(catalog.Read(connection => payloads.Payload(connection, id + 1)));
        }
        File.Delete(path);
    }

    [Fact]
    public async Task Find_LogWrittenBeforeTheFieldColumns_FieldsAreFilledFromTheStoredMessage()
    {
        var path = NewPath();
        CreateLogWithStoredMessages(path);

        await using (var catalog = new SqliteCatalog(path, [EventsSchema.Schema]))
        {
            var (_, _, change) = catalog.Read(connection => EventLog.Find(connection, 1))!.Value;

            Assert.Equal(Message(Change), Message(change));
        }
        File.Delete(path);
    }

    [Fact]
    public async Task Open_LogWithTextStatuses_SplitsThemIntoValueAndReason()
    {
        var path = NewPath();
        CreateLogWithStoredMessages(path);
        using (var old = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = """
                INSERT INTO s3_events (bucket, key, event_name, sequencer, time_ms, request_id, status)
                SELECT bucket, key, event_name, sequencer, time_ms, request_id, 'undeliverable: function gone does not exist' FROM s3_events WHERE id = 1;
                INSERT INTO s3_events (bucket, key, event_name, sequencer, time_ms, request_id, status)
                SELECT bucket, key, event_name, sequencer, time_ms, request_id, 'no configuration matched' FROM s3_events WHERE id = 1;
                """;
            command.ExecuteNonQuery();
        }

        await using (var catalog = new SqliteCatalog(path, [EventsSchema.Schema]))
        {
            var entries = catalog.Read(connection => EventLog.List(connection, null, null, null, 10)).OrderBy(entry => entry.Id).ToList();

            Assert.Equal([(EventStatus.Queued, null), (EventStatus.Undeliverable, "function gone does not exist"), (EventStatus.MatchedNone, null)],
                entries.Select(entry => (entry.Status, entry.Reason)));
        }
        File.Delete(path);
    }

    [Fact]
    public Task Prune_OldEvents_RemovesFinishedOnesAndKeepsUndeliverableAndPending() => WithLogAndQueueAsync(async catalog =>
    {
        var old = Change with { Time = DateTimeOffset.UnixEpoch.AddDays(1) };
        var queue = new AsyncInvocationQueue(catalog, TimeProvider.System);
        await catalog.WriteAsync(connection =>
        {
            EventLog.Insert(connection, old, rule: null, deliveryId: null, EventStatus.MatchedNone, null);
            EventLog.Insert(connection, old, Rule, "invocation-finished", EventStatus.Queued, null);
            EventLog.Insert(connection, old, Rule, queue.Enqueue(connection, "thumbnail", new byte[] { 1 }, 0), EventStatus.Queued, null);
            EventLog.Insert(connection, old, Rule, deliveryId: null, EventStatus.Undeliverable, "function thumbnail does not exist");
            EventLog.Insert(connection, Change, Rule, "invocation-recent", EventStatus.Queued, null);
        });

        await AssertPrunedAsync(catalog, cutoffDay: 2, limit: 100, removed: 2, left: [3L, 4L, 5L]);
    });

    [Fact]
    public Task Prune_WithALimit_RemovesTheOldestFirst() => WithLogAndQueueAsync(async catalog =>
    {
        await catalog.WriteAsync(connection =>
        {
            for (var i = 0; i < 5; i++)
                EventLog.Insert(connection, Change with { Time = DateTimeOffset.UnixEpoch.AddDays(i) }, null, null, EventStatus.MatchedNone, null);
        });

        await AssertPrunedAsync(catalog, cutoffDay: 10, limit: 2, removed: 2, left: [3L, 4L, 5L]);
    });

    [Fact]
    public Task Retention_MoreOldEventsThanOneSlice_RemovesThemAll() => WithLogAndQueueAsync(async catalog =>
    {
        await catalog.WriteAsync(connection =>
        {
            for (var i = 0; i < 4500; i++)
                EventLog.Insert(connection, Change with { Time = DateTimeOffset.UnixEpoch }, null, null, EventStatus.MatchedNone, null);
            EventLog.Insert(connection, Change, null, null, EventStatus.MatchedNone, null);
        });
        var retention = new EventLogRetention(catalog, HandOff(catalog), new FunctionsOptions(), TimeProvider.System, NullLogger<EventLogRetention>.Instance);

        var removed = await retention.PruneAsync(DateTimeOffset.UnixEpoch.AddDays(1));

        Assert.Equal(4500, removed);
        Assert.Equal([4501L], LoggedIds(catalog));
    });

    private static async Task WithLogAndQueueAsync(Func<SqliteCatalog, Task> test)
    {
        var path = NewPath();
        await using (var catalog = new SqliteCatalog(path, [QueueSchema.Schema, EventsSchema.Schema, FunctionsSchema.Create()]))
            await test(catalog);
        File.Delete(path);
    }

    private static async Task AssertPrunedAsync(SqliteCatalog catalog, int cutoffDay, int limit, int removed, long[] left)
    {
        Assert.Equal(removed, await catalog.WriteAsync(connection => EventLog.Prune(connection, DateTimeOffset.UnixEpoch.AddDays(cutoffDay), limit, HandOff(catalog).DeliveryPending)));
        Assert.Equal(left, LoggedIds(catalog));
    }

    private static EventHandOff HandOff(SqliteCatalog catalog) =>
        new(new NotificationStore(), [new FunctionDestination(new FunctionRegistry(catalog), new AsyncInvocationQueue(catalog, TimeProvider.System))]);

    private static IEnumerable<long> LoggedIds(SqliteCatalog catalog) =>
        catalog.Read(connection => EventLog.List(connection, null, null, null, 100)).Select(entry => entry.Id).Order();

    private static string Message(ObjectChange change) =>
        System.Text.Encoding.UTF8.GetString(S3EventMessage.Create(change, Rule.Id, "us-east-1", "000000000000"));

    private static string NewPath() => Path.Combine(Path.GetTempPath(), $"events-{Guid.NewGuid():N}.db");

    /// <summary>The event log as earlier versions made it: the whole message in a payload column.</summary>
    private static void CreateLogWithStoredMessages(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE s3_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT, bucket TEXT NOT NULL, key TEXT NOT NULL, event_name TEXT NOT NULL,
                sequencer INTEGER NOT NULL, time_ms INTEGER NOT NULL, request_id TEXT NOT NULL, configuration_id TEXT,
                destination_arn TEXT, destination_kind TEXT, invocation_id TEXT, status TEXT NOT NULL, payload BLOB);
            CREATE INDEX s3_events_by_invocation ON s3_events (invocation_id);
            INSERT INTO s3_events (bucket, key, event_name, sequencer, time_ms, request_id, configuration_id, destination_arn,
                                   destination_kind, invocation_id, status, payload)
            VALUES ($bucket, $key, 'ObjectCreated:Put', $sequencer, $time, $request, $rule, $arn, 'Function', 'invocation-1', 'queued', $payload);
            """;
        command.Parameters.AddWithValue("$bucket", Change.Bucket);
        command.Parameters.AddWithValue("$key", Change.Key);
        command.Parameters.AddWithValue("$sequencer", Change.Sequencer);
        command.Parameters.AddWithValue("$time", Change.Time.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$request", Change.Origin.RequestId);
        command.Parameters.AddWithValue("$rule", Rule.Id);
        command.Parameters.AddWithValue("$arn", Rule.DestinationArn);
        command.Parameters.AddWithValue("$payload", S3EventMessage.Create(Change, Rule.Id, "us-east-1", "000000000000"));
        command.ExecuteNonQuery();
    }
}
