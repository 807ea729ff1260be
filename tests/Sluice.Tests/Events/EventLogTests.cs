using Microsoft.Data.Sqlite;
using Sluice.Catalog;
using Sluice.Events;

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
            await catalog.WriteAsync(connection => EventLog.Insert(connection, Change, Rule, "invocation-1", EventHandOff.StatusQueued));

            var (entry, kind, change) = catalog.Read(connection => EventLog.Find(connection, 1))!.Value;

            Assert.Equal((DestinationKind?)DestinationKind.Function, kind);
            Assert.Equal("invocation-1", entry.InvocationId);
            Assert.Equal(Message(Change), Message(change));
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
