using Sluice.Catalog;
using Sluice.Events;
using Sluice.Routing;

namespace Sluice.Tests.Routing;

public sealed class RoutingLogTests : IAsyncLifetime
{
    private const string Topic = "arn:aws:sns:us-east-1:000000000000:uploads";
    private const string Bus = "arn:aws:events:us-east-1:000000000000:event-bus/default";
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"routing-{Guid.NewGuid():N}.db");
    private SqliteCatalog? _catalog;

    private SqliteCatalog Catalog => _catalog ??= new SqliteCatalog(_path, [RoutingSchema.Schema]);

    [Fact]
    public async Task LogMessage_WithDeliveries_IsFoundByMessageIdWithItsDeliveriesInOrder()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_714_564_800_000);
        await Catalog.WriteAsync(connection =>
        {
            var row = RoutingLog.LogMessage(connection, RouteSourceKind.Topic, Topic, "m-1", time, """{"Message":"hi"}""");
            RoutingLog.LogDelivery(connection, row, new RoutedDelivery($"{Topic}:s1", null, RouteTargetKind.Queue, "arn:aws:sqs:us-east-1:000000000000:q", "msg-1", EventStatus.Delivered, null));
            RoutingLog.LogDelivery(connection, row, new RoutedDelivery($"{Topic}:s2", null, RouteTargetKind.Http, "http://127.0.0.1:9/hook", "d-2", EventStatus.Queued, null));
        });

        var (message, deliveries) = Catalog.Read(connection =>
        {
            var found = RoutingLog.Find(connection, "m-1")!;
            return (found, RoutingLog.Deliveries(connection, found.Row));
        });

        Assert.Equal((RouteSourceKind.Topic, Topic, time, """{"Message":"hi"}"""), (message.SourceKind, message.SourceArn, message.Time, message.Document));
        Assert.Equal([RouteTargetKind.Queue, RouteTargetKind.Http], deliveries.Select(delivery => delivery.TargetKind));
        Assert.Equal(["msg-1", "d-2"], deliveries.Select(delivery => delivery.DeliveryId));
    }

    [Fact]
    public async Task SetDeliveryStatus_ChangesOnlyThatDelivery()
    {
        await Catalog.WriteAsync(connection =>
        {
            var row = RoutingLog.LogMessage(connection, RouteSourceKind.Bus, Bus, "e-1", DateTimeOffset.UnixEpoch, "{}");
            RoutingLog.LogDelivery(connection, row, new RoutedDelivery("rule-a", "t1", RouteTargetKind.Http, "http://a", "d-1", EventStatus.Queued, null));
            RoutingLog.LogDelivery(connection, row, new RoutedDelivery("rule-a", "t2", RouteTargetKind.Http, "http://b", "d-2", EventStatus.Queued, null));
        });

        await Catalog.WriteAsync(connection => RoutingLog.SetDeliveryStatus(connection, "d-2", EventStatus.Failed, "HTTP 500 after 4 attempts"));

        var deliveries = Catalog.Read(connection => RoutingLog.Deliveries(connection, RoutingLog.Find(connection, "e-1")!.Row));
        Assert.Equal([(EventStatus.Queued, (string?)null), (EventStatus.Failed, "HTTP 500 after 4 attempts")], deliveries.Select(delivery => (delivery.Status, delivery.Reason)));
    }

    [Fact]
    public async Task List_IsNewestFirst_FilteredBySourceAndPagedByRow()
    {
        await Catalog.WriteAsync(connection =>
        {
            for (var i = 0; i < 5; i++)
                RoutingLog.LogMessage(connection, i % 2 == 0 ? RouteSourceKind.Topic : RouteSourceKind.Bus, i % 2 == 0 ? Topic : Bus, $"m-{i}", DateTimeOffset.UnixEpoch, "{}");
        });

        var topicMessages = Catalog.Read(connection => RoutingLog.List(connection, Topic, beforeRow: null, limit: 10));
        Assert.Equal(["m-4", "m-2", "m-0"], topicMessages.Select(message => message.MessageId));

        var page = Catalog.Read(connection => RoutingLog.List(connection, sourceArn: null, beforeRow: topicMessages[0].Row, limit: 2));
        Assert.Equal(["m-3", "m-2"], page.Select(message => message.MessageId));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_catalog is not null) await _catalog.DisposeAsync();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + "*")) File.Delete(file);
    }
}
