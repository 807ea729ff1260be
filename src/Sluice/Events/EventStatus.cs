namespace Sluice.Events;

/// <summary>Where an event's story stands, as a value the events API and the console filter on; the reason says why.</summary>
public enum EventStatus
{
    /// <summary>The bucket has a configuration, but no rule matched the event.</summary>
    MatchedNone,

    /// <summary>Handed off to its destination's durable queue; still waiting or running there.</summary>
    Queued,

    /// <summary>Its destination took it.</summary>
    Delivered,

    /// <summary>Its destination's queue gave up on it (retries or age exhausted).</summary>
    Failed,

    /// <summary>Its destination could not take it (it does not exist, or its kind is not served); re-delivery can retry it.</summary>
    Undeliverable,
}

/// <summary>The names statuses have in the catalog and on the wire.</summary>
public static class EventStatuses
{
    public static string WireName(this EventStatus status) => status switch
    {
        EventStatus.MatchedNone => "matched-none",
        EventStatus.Queued => "queued",
        EventStatus.Delivered => "delivered",
        EventStatus.Failed => "failed",
        _ => "undeliverable",
    };

    public static EventStatus? FromWireName(string? name) => name switch
    {
        "matched-none" => EventStatus.MatchedNone,
        "queued" => EventStatus.Queued,
        "delivered" => EventStatus.Delivered,
        "failed" => EventStatus.Failed,
        "undeliverable" => EventStatus.Undeliverable,
        _ => null,
    };

    /// <summary>The one-line text people read: the status, and its reason where it has one.</summary>
    public static string Describe(EventStatus status, string? reason) => status switch
    {
        EventStatus.MatchedNone => "no configuration matched",
        _ when reason is null => status.WireName(),
        EventStatus.Queued or EventStatus.Delivered => status.WireName(),
        EventStatus.Failed => $"failed {reason}",
        _ => $"undeliverable: {reason}",
    };
}
