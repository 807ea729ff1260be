using Sluice.Events;

namespace Sluice.Routing;

public enum RouteSourceKind { Topic, Bus }

public enum RouteTargetKind { Function, Queue, Topic, Bus, Http }

/// <summary>A message or event as a topic or bus accepted it, with the document its routes were matched against.</summary>
public sealed record RoutedMessage(long Row, RouteSourceKind SourceKind, string SourceArn, string MessageId, DateTimeOffset Time, string Document);

/// <summary>
/// One hand-off of a routed message: the route that matched (a subscription, or a rule and its target), where it went,
/// and what carries it there; <see cref="Status"/> is what the router knew when it handed the message off.
/// </summary>
public sealed record RoutedDelivery(
    string RouteArn, string? TargetId, RouteTargetKind TargetKind, string TargetArn, string? DeliveryId, EventStatus Status, string? Reason);
