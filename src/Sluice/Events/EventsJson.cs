using System.Text.Json.Serialization;

namespace Sluice.Events;

/// <summary>
/// One event as the events API shows it, with where its delivery stands: <see cref="State"/> is the value to filter on
/// (<see cref="EventStatuses.WireName"/>), <see cref="Reason"/> says why, and <see cref="Status"/> is both in one line for people.
/// </summary>
public sealed record EventView(
    long Id, string Bucket, string Key, string EventName, string Sequencer, DateTimeOffset Time, string RequestId,
    string? ConfigurationId, string? Destination, string? InvocationId, string State, string? Reason, string Status, PendingDelivery? Pending);

/// <summary>An invocation still in its function's queue: attempts made so far and the last error.</summary>
public sealed record PendingDelivery(int Attempts, DateTimeOffset NextAttempt, string? LastError);

public sealed record EventList(IReadOnlyList<EventView> Events);

public sealed record ReplayResult(int Replayed, string Function);

public sealed record RedeliveryResult(long Id, string State, string Status, string? InvocationId);

public sealed record EventsApiError(string Code, string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventList))]
[JsonSerializable(typeof(ReplayResult))]
[JsonSerializable(typeof(RedeliveryResult))]
[JsonSerializable(typeof(EventsApiError))]
public sealed partial class EventsJsonContext : JsonSerializerContext;
