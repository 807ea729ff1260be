using System.Data.Common;
using Sluice.Catalog;
using Sluice.Events;

namespace Sluice.Routing;

/// <summary>SQL for the routing log; writes run inside the transaction that accepted the message or event.</summary>
public static class RoutingLog
{
    /// <summary>Logs an accepted message or event; returns its row, which its deliveries refer to.</summary>
    public static long LogMessage(CatalogConnection connection, RouteSourceKind sourceKind, string sourceArn, string messageId,
        DateTimeOffset time, string document)
    {
        using var command = connection.Statement("""
            INSERT INTO routed_messages (source_kind, source_arn, message_id, time_ms, document)
            VALUES (@kind, @source, @message, @time, @document)
            RETURNING id
            """);
        command.Bind("@kind", Name(sourceKind))
            .Bind("@source", sourceArn)
            .Bind("@message", messageId)
            .Bind("@time", time.ToUnixTimeMilliseconds())
            .Bind("@document", document);
        return (long)command.ExecuteScalar()!;
    }

    public static void LogDelivery(CatalogConnection connection, long messageRow, RoutedDelivery delivery)
    {
        using var command = connection.Statement("""
            INSERT INTO routed_deliveries (message_row, route_arn, target_id, target_kind, target_arn, delivery_id, status, status_reason)
            VALUES (@row, @route, @target_id, @target_kind, @target_arn, @delivery, @status, @reason)
            """);
        command.Bind("@row", messageRow)
            .Bind("@route", delivery.RouteArn)
            .Bind("@target_id", delivery.TargetId)
            .Bind("@target_kind", Name(delivery.TargetKind))
            .Bind("@target_arn", delivery.TargetArn)
            .Bind("@delivery", delivery.DeliveryId)
            .Bind("@status", delivery.Status.WireName())
            .Bind("@reason", delivery.Reason);
        command.ExecuteNonQuery();
    }

    /// <summary>Records how a delivery carried by <paramref name="deliveryId"/> ended (an HTTP endpoint answered, retries ran out).</summary>
    public static void SetDeliveryStatus(CatalogConnection connection, string deliveryId, EventStatus status, string? reason) =>
        connection.Execute("UPDATE routed_deliveries SET status = @status, status_reason = @reason WHERE delivery_id = @delivery",
            ("@delivery", deliveryId), ("@status", status.WireName()), ("@reason", reason));

    /// <summary>The newest messages first, of one topic or bus when <paramref name="sourceArn"/> is given.</summary>
    public static List<RoutedMessage> List(CatalogConnection connection, string? sourceArn, long? beforeRow, int limit)
    {
        using var command = connection.Command("""
            SELECT id, source_kind, source_arn, message_id, time_ms, document FROM routed_messages
            WHERE (@source IS NULL OR source_arn = @source) AND (@before IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @limit
            """);
        command.Bind("@source", sourceArn).Bind("@before", beforeRow).Bind("@limit", limit);
        using var reader = command.ExecuteReader();
        var messages = new List<RoutedMessage>();
        while (reader.Read()) messages.Add(MapMessage(reader));
        return messages;
    }

    /// <summary>A message by its MessageId or event id, or null.</summary>
    public static RoutedMessage? Find(CatalogConnection connection, string messageId)
    {
        using var command = connection.Statement("""
            SELECT id, source_kind, source_arn, message_id, time_ms, document FROM routed_messages WHERE message_id = @message LIMIT 1
            """);
        command.Bind("@message", messageId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? MapMessage(reader) : null;
    }

    public static List<RoutedDelivery> Deliveries(CatalogConnection connection, long messageRow)
    {
        using var command = connection.Statement("""
            SELECT route_arn, target_id, target_kind, target_arn, delivery_id, status, status_reason
            FROM routed_deliveries WHERE message_row = @row ORDER BY rowid
            """);
        command.Bind("@row", messageRow);
        using var reader = command.ExecuteReader();
        var deliveries = new List<RoutedDelivery>();
        while (reader.Read())
        {
            deliveries.Add(new RoutedDelivery(reader.GetString(0), NullableString(reader, 1), Enum.Parse<RouteTargetKind>(reader.GetString(2), ignoreCase: true),
                reader.GetString(3), NullableString(reader, 4), EventStatuses.FromWireName(reader.GetString(5)) ?? EventStatus.Undeliverable,
                NullableString(reader, 6)));
        }
        return deliveries;
    }

    private static RoutedMessage MapMessage(DbDataReader reader) => new(
        reader.GetInt64(0), Enum.Parse<RouteSourceKind>(reader.GetString(1), ignoreCase: true), reader.GetString(2), reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetString(5));

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
