using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sluice.Auth;
using Sluice.Catalog;
using Sluice.Functions;
using Sluice.Functions.Definitions;
using Sluice.Gateway;
using Sluice.Hosting;

namespace Sluice.Events;

/// <summary>
/// The event log over HTTP (JSON), for `sluice events`: list what a bucket or function produced and received,
/// replay a prefix to a function, re-deliver an event that could not be delivered or retry a queued one now.
/// </summary>
public sealed class EventsApi(ICatalog catalog, EventReplay replay, EventHandOff handOff, SluiceOptions options, TimeProvider time) : IEdgeProtocol
{
    public const string PathPrefix = "/_sluice/events";
    private const int MaxListLimit = 1000;
    private const int MaxFilteredPages = 20;

    /// <summary>The answer to a re-delivery of an event still queued: its next attempt starts now, not a second delivery.</summary>
    private const string DueNowStatus = "queued: next attempt due now";

    public static bool Handles(PathString path) => path.StartsWithSegments(PathPrefix);

    /// <summary>Sluice's own JSON APIs take any SigV4 signature by a known key.</summary>
    public bool AllowsAnonymous(HttpRequest request) => false;

    public Task WriteAuthFailureAsync(HttpContext context, AuthFailure failure) =>
        WriteAsync(context, failure.StatusCode, new EventsApiError(failure.Code, failure.Message), EventsJsonContext.Default.EventsApiError);

    public Task WriteInternalErrorAsync(HttpContext context) =>
        WriteAsync(context, 500, new EventsApiError("InternalError", "An internal error occurred in Sluice; the server log has the details."),
            EventsJsonContext.Default.EventsApiError);

    public async Task HandleAsync(HttpContext context, AuthResult auth)
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
        var state = NullIfEmpty(query["status"]);
        EventStatus? wanted = state is null ? null
            : EventStatuses.FromWireName(state) ?? throw new EventsApiException(400, "InvalidParameter",
                $"status must be one of {string.Join(", ", Enum.GetValues<EventStatus>().Select(value => value.WireName()))}.");
        return catalog.Read(connection =>
        {
            // Delivered and failed are known only once the queue is asked, so a status filter walks back page by page.
            var views = new List<EventView>();
            for (var page = 0; page < MaxFilteredPages && views.Count < limit; page++)
            {
                var entries = EventLog.List(connection, bucket, destination, before, limit);
                foreach (var entry in entries)
                {
                    var view = View(connection, entry);
                    if (wanted is null || view.State == wanted.Value.WireName()) views.Add(view);
                    if (views.Count == limit) break;
                }
                if (entries.Count < limit || wanted is null) break;
                before = entries[^1].Id;
            }
            return new EventList(views);
        });
    }

    private EventView View(CatalogConnection connection, EventLogEntry entry)
    {
        var (status, reason, pending) = handOff.Standing(connection, entry);
        return new EventView(entry.Id, entry.Bucket, entry.Key, entry.EventName, entry.Sequencer, entry.Time, entry.RequestId,
            entry.ConfigurationId, entry.DestinationArn, entry.InvocationId, status.WireName(), reason,
            EventStatuses.Describe(status, reason), pending);
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
        var now = time.GetUtcNow();
        var (deliveryId, status, description, afterCommit) = await catalog.WriteAsync(connection =>
        {
            var stored = EventLog.Find(connection, id) ?? throw new EventsApiException(404, "NotFound", $"Event {id} does not exist.");
            var (entry, kind, _) = stored;
            if (kind is { } queuedKind && entry.InvocationId is { } queuedId && handOff.RetryNow(connection, queuedKind, queuedId, now) is { } wake)
                return (queuedId, EventStatus.Queued, DueNowStatus, wake);
            if (kind is null || entry.DestinationArn is null)
                throw new EventsApiException(400, "NotDeliverable", $"Event {id} matched no configuration; there is nowhere to deliver it.");
            var rule = new NotificationRule(entry.ConfigurationId ?? "", kind.Value, entry.DestinationArn, [], null, null);
            var (newDelivery, newStatus, reason) = handOff.Redeliver(connection, id, rule, now);
            return (newDelivery, newStatus, EventStatuses.Describe(newStatus, reason), newDelivery is null ? null : (Action)(() => handOff.AfterCommit(true)));
        });
        afterCommit?.Invoke();
        return new RedeliveryResult(id, status.WireName(), description, deliveryId);
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
