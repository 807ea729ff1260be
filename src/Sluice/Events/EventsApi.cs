using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Data.Sqlite;
using Sluice.Catalog;
using Sluice.Functions;
using Sluice.Hosting;

namespace Sluice.Events;

/// <summary>
/// The event log over HTTP (JSON), for `sluice events`: list what a bucket or function produced and received,
/// replay a prefix to a function, re-deliver an event that could not be delivered or retry a queued one now.
/// </summary>
public sealed class EventsApi(SqliteCatalog catalog, EventReplay replay, EventHandOff handOff, SluiceOptions options)
{
    public const string PathPrefix = "/_sluice/events";
    private const int MaxListLimit = 1000;

    public static bool Handles(PathString path) => path.StartsWithSegments(PathPrefix);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var rest = request.Path.Value![PathPrefix.Length..].Trim('/');
        try
        {
            if (HttpMethods.IsGet(request.Method) && rest.Length == 0)
                await WriteAsync(context, 200, List(request.Query), EventsJsonContext.Default.EventList);
            else if (HttpMethods.IsPost(request.Method) && rest == "replay")
                await WriteAsync(context, 200, await ReplayAsync(request.Query, context.RequestAborted), EventsJsonContext.Default.ReplayResult);
            else if (HttpMethods.IsPost(request.Method) && rest.EndsWith("/redeliver", StringComparison.Ordinal)
                     && long.TryParse(rest[..^"/redeliver".Length], out var id))
                await WriteAsync(context, 200, await RedeliverAsync(id), EventsJsonContext.Default.RedeliveryResult);
            else
                throw new EventsApiException(404, "NotFound", $"No events operation at {request.Method} {request.Path}.");
        }
        catch (EventsApiException failure)
        {
            await WriteAsync(context, failure.StatusCode, new EventsApiError(failure.Code, failure.Message), EventsJsonContext.Default.EventsApiError);
        }
    }

    private EventList List(IQueryCollection query)
    {
        var bucket = NullIfEmpty(query["bucket"]);
        var function = NullIfEmpty(query["function"]);
        var destination = function is null ? null : LambdaArns.Function(options.Region, options.AccountId, LambdaArns.Parse(function).Name);
        var limit = int.TryParse(query["limit"], out var parsedLimit) ? Math.Clamp(parsedLimit, 1, MaxListLimit) : 100;
        long? before = long.TryParse(query["before"], out var parsedBefore) ? parsedBefore : null;
        return catalog.Read(connection =>
        {
            var entries = EventLog.List(connection, bucket, destination, before, limit);
            return new EventList(entries.Select(entry =>
            {
                var pending = entry.InvocationId is null ? null : PendingDeliveries.Find(connection, entry.InvocationId);
                return new EventView(entry.Id, entry.Bucket, entry.Key, entry.EventName, entry.Sequencer, entry.Time, entry.RequestId,
                    entry.ConfigurationId, entry.DestinationArn, entry.InvocationId, DeliveryStatus(connection, entry, pending), pending);
            }).ToList());
        });
    }

    private async Task<ReplayResult> ReplayAsync(IQueryCollection query, CancellationToken cancellationToken)
    {
        var bucket = NullIfEmpty(query["bucket"]) ?? throw new EventsApiException(400, "InvalidParameter", "bucket is required.");
        var function = NullIfEmpty(query["function"]) ?? throw new EventsApiException(400, "InvalidParameter", "function is required.");
        try
        {
            return new ReplayResult(await replay.ReplayAsync(bucket, NullIfEmpty(query["prefix"]) ?? "", function, cancellationToken), function);
        }
        catch (EventReplay.TargetMissingException missing)
        {
            throw new EventsApiException(404, missing.Code, missing.Message);
        }
    }

    /// <summary>
    /// Queues an event that could not be delivered again; for one still in its function's queue (waiting for a retry),
    /// brings that retry forward to now instead, so that it is not delivered twice.
    /// </summary>
    private async Task<RedeliveryResult> RedeliverAsync(long id)
    {
        var now = DateTimeOffset.UtcNow;
        var (invocationId, status, queued, pending) = await catalog.WriteAsync(connection =>
        {
            var stored = EventLog.Find(connection, id) ?? throw new EventsApiException(404, "NotFound", $"Event {id} does not exist.");
            var (entry, kind, _) = stored;
            if (entry.InvocationId is { } queuedId && AsyncInvocationQueue.Pending(connection, queuedId) is { } waiting)
            {
                EventHandOff.DueNow(connection, waiting, now);
                return (queuedId, EventHandOff.StatusDueNow, false, waiting);
            }
            if (kind is null || entry.DestinationArn is null)
                throw new EventsApiException(400, "NotDeliverable", $"Event {id} matched no configuration; there is nowhere to deliver it.");
            var rule = new NotificationRule(entry.ConfigurationId ?? "", kind.Value, entry.DestinationArn, [], null, null);
            var (newInvocation, newStatus) = handOff.Redeliver(connection, id, rule, now);
            return (newInvocation, newStatus, newInvocation is not null, (PendingInvocation?)null);
        });
        if (pending is not null)
            handOff.AfterDueNow(pending);
        handOff.AfterCommit(queued);
        return new RedeliveryResult(id, status, invocationId);
    }

    /// <summary>
    /// The log row keeps "queued" once its invocation has left the queue; how the invocation ended is in the
    /// attempts the dispatcher records.
    /// </summary>
    private static string DeliveryStatus(SqliteConnection connection, EventLogEntry entry, PendingDelivery? pending)
    {
        if (entry.Status != EventHandOff.StatusQueued || pending is not null || entry.InvocationId is null) return entry.Status;
        var attempts = AsyncInvocationAttempts.For(connection, entry.InvocationId);
        if (attempts.Count == 0) return EventHandOff.StatusLeftQueue;
        return attempts[^1].Outcome == AsyncInvocationAttempts.Success
            ? EventHandOff.StatusDelivered
            : $"failed after {attempts.Count} attempt{(attempts.Count == 1 ? "" : "s")}: {attempts[^1].Outcome}";
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static async Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type);
    }

    private sealed class EventsApiException(int statusCode, string code, string message) : Exception(message)
    {
        public int StatusCode { get; } = statusCode;
        public string Code { get; } = code;
    }
}
