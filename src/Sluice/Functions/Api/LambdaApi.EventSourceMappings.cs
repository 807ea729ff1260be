using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Functions.Definitions;
using Sluice.Functions.EventSources;

namespace Sluice.Functions.Api;

// Create/Get/Update/Delete/ListEventSourceMappings (SQS sources).
public sealed partial class LambdaApi
{
    private const int MaxMappingRequestBytes = 256 * 1024;
    private const int DefaultMappingPage = 100;
    private const string UserInitiated = "USER_INITIATED";

    private async Task CreateEventSourceMappingAsync(HttpContext context)
    {
        var (body, request) = await ReadMappingRequestAsync(context);
        EventSourceMappingRules.CheckMembers(body);
        EventSourceMappingRules.CheckConstraints(request);
        var sourceArn = request.EventSourceArn ?? throw NotNull("eventSourceArn");
        var functionName = Resolve(request.FunctionName ?? throw NotNull("functionName")).Definition.Name;
        ValidSource(sourceArn);
        var fresh = new EventSourceMapping
        {
            Uuid = Guid.NewGuid().ToString(),
            FunctionName = functionName,
            EventSourceArn = sourceArn,
            LastModified = time.GetUtcNow(),
        };
        var created = await mappings.MutateAsync(fresh.Uuid, _ =>
        {
            var mapping = EventSourceMappingRules.Apply(fresh, request, functionName, time.GetUtcNow());
            RefuseDuplicate(mapping);
            return mapping;
        });
        await WriteJsonAsync(context, StatusCodes.Status202Accepted, ToMappingConfiguration(created, "Creating"),
            EventSourcesJsonContext.Default.EventSourceMappingConfiguration);
    }

    private Task GetEventSourceMappingAsync(HttpContext context, string uuid) =>
        WriteJsonAsync(context, 200, ToMappingConfiguration(FindMapping(uuid)), EventSourcesJsonContext.Default.EventSourceMappingConfiguration);

    private async Task UpdateEventSourceMappingAsync(HttpContext context, string uuid)
    {
        var (body, request) = await ReadMappingRequestAsync(context);
        EventSourceMappingRules.CheckMembers(body);
        EventSourceMappingRules.CheckConstraints(request);
        var existing = FindMapping(uuid);
        var functionName = request.FunctionName is { } name ? Resolve(name).Definition.Name : existing.FunctionName;
        var updated = await mappings.MutateAsync(uuid, current =>
        {
            var mapping = EventSourceMappingRules.Apply(current ?? throw MappingNotFound(), request, functionName, time.GetUtcNow());
            RefuseDuplicate(mapping);
            return mapping;
        });
        await WriteJsonAsync(context, StatusCodes.Status202Accepted, ToMappingConfiguration(updated, "Updating"),
            EventSourcesJsonContext.Default.EventSourceMappingConfiguration);
    }

    private async Task DeleteEventSourceMappingAsync(HttpContext context, string uuid)
    {
        var deleted = await mappings.DeleteAsync(uuid) ?? throw MappingNotFound();
        await WriteJsonAsync(context, StatusCodes.Status202Accepted, ToMappingConfiguration(deleted, "Deleting"),
            EventSourcesJsonContext.Default.EventSourceMappingConfiguration);
    }

    private Task ListEventSourceMappingsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var function = query["FunctionName"].ToString() is { Length: > 0 } functionName ? LambdaArns.Parse(functionName).Name : null;
        var source = query["EventSourceArn"].ToString() is { Length: > 0 } arn ? arn : null;
        var marker = query["Marker"].ToString();
        var maxItems = DefaultMappingPage;
        if (query["MaxItems"].ToString() is { Length: > 0 } maxText
            && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxItems) || maxItems is < 1 or > 10_000))
            throw LambdaErrors.InvalidParameter(
                $"1 validation error detected: Value '{maxText}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000");
        var matching = mappings.All()
            .Where(m => (function is null || m.FunctionName == function) && (source is null || m.EventSourceArn == source))
            .Where(m => marker.Length == 0 || string.CompareOrdinal(m.Uuid, marker) > 0)
            .ToList();
        var page = matching.Take(maxItems).ToList();
        var response = new ListEventSourceMappingsResponse
        {
            EventSourceMappings = [.. page.Select(m => ToMappingConfiguration(m))],
            NextMarker = matching.Count > maxItems ? page[^1].Uuid : null,
        };
        return WriteJsonAsync(context, 200, response, EventSourcesJsonContext.Default.ListEventSourceMappingsResponse);
    }

    /// <summary>Every mapping (or a function's) with its poller's state: batches and messages in flight, the last batch and error.</summary>
    private Task GetMappingStatusAsync(HttpContext context)
    {
        var function = context.Request.Query["FunctionName"].ToString() is { Length: > 0 } functionName ? LambdaArns.Parse(functionName).Name : null;
        var views = mappings.All().Where(m => function is null || m.FunctionName == function).Select(mapping =>
        {
            var status = pollers.Status(mapping.Uuid);
            return new MappingStatusView(mapping.Uuid, mapping.FunctionName, mapping.EventSourceArn, mapping.Enabled ? "Enabled" : "Disabled",
                mapping.BatchSize, mapping.MaximumBatchingWindowInSeconds, mapping.MaximumConcurrency, pollers.Concurrency(mapping.Uuid),
                status?.RunningBatches ?? 0, status?.InFlightMessages ?? 0, status?.BatchesProcessed ?? 0, status?.LastBatchAt,
                status?.LastBatchSize ?? 0, status?.LastProcessingResult ?? MappingStatus.NoRecordsProcessed, status?.LastError, status?.LastErrorAt);
        }).ToList();
        return WriteJsonAsync(context, 200, new MappingStatusList(views), MappingStatusJsonContext.Default.MappingStatusList);
    }

    private static async Task<(JsonObject Body, EventSourceMappingRequest Request)> ReadMappingRequestAsync(HttpContext context)
    {
        var bytes = await BoundedBody.ReadAsync(context.Request, MaxMappingRequestBytes)
            ?? throw new LambdaException(LambdaErrors.RequestTooLarge, $"Request must be smaller than {MaxMappingRequestBytes} bytes.");
        try
        {
            var body = JsonNode.Parse(bytes) as JsonObject
                ?? throw new LambdaException(LambdaErrors.InvalidRequestContent, "Request body must be a JSON object.");
            return (body, body.Deserialize(EventSourcesJsonContext.Default.EventSourceMappingRequest)!);
        }
        catch (JsonException error)
        {
            throw new LambdaException(LambdaErrors.InvalidRequestContent, "Could not parse request body into json: " + error.Message);
        }
    }

    /// <summary>An existing SQS queue; Sluice serves no other event sources.</summary>
    private void ValidSource(string arn)
    {
        if (SqsQueueArn.Parse(arn) is null)
            throw LambdaErrors.InvalidParameter(
                $"Sluice serves event source mappings for SQS queues only (arn:aws:sqs:REGION:ACCOUNT:NAME); {arn} is not an SQS queue ARN.");
        if (queues.FindByArn(arn) is null)
            throw LambdaErrors.InvalidParameter(
                $"The queue {arn} does not exist (this server's queues are in {environments.Region}, account {environments.AccountId}).");
    }

    /// <summary>Lambda allows one mapping per queue and function.</summary>
    private void RefuseDuplicate(EventSourceMapping mapping)
    {
        if (mappings.All().FirstOrDefault(other => other.Uuid != mapping.Uuid && other.EventSourceArn == mapping.EventSourceArn
                && other.FunctionName == mapping.FunctionName) is { } duplicate)
            throw new LambdaException(LambdaErrors.ResourceConflict,
                $"An event source mapping with SQS arn (\" {mapping.EventSourceArn} \") and function (\" {mapping.FunctionName} \") already exists. "
                + $"Please update or delete the existing mapping with UUID {duplicate.Uuid}");
    }

    private EventSourceMapping FindMapping(string uuid) => mappings.Find(uuid) ?? throw MappingNotFound();

    private static LambdaException MappingNotFound() => new(LambdaErrors.ResourceNotFound, "The resource you requested does not exist.");

    private static LambdaException NotNull(string member) =>
        LambdaErrors.InvalidParameter($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    private EventSourceMappingConfiguration ToMappingConfiguration(EventSourceMapping mapping, string? transition = null) => new()
    {
        UUID = mapping.Uuid,
        BatchSize = mapping.BatchSize,
        MaximumBatchingWindowInSeconds = mapping.MaximumBatchingWindowInSeconds,
        EventSourceArn = mapping.EventSourceArn,
        FunctionArn = environments.FunctionArn(mapping.FunctionName),
        LastModified = mapping.LastModified.ToUnixTimeMilliseconds() / 1000.0,
        State = transition ?? (mapping.Enabled ? "Enabled" : "Disabled"),
        LastProcessingResult = pollers.Status(mapping.Uuid)?.LastProcessingResult ?? MappingStatus.NoRecordsProcessed,
        StateTransitionReason = UserInitiated,
        FunctionResponseTypes = mapping.FunctionResponseTypes,
        ScalingConfig = mapping.MaximumConcurrency is { } maximum ? new ScalingConfigShape { MaximumConcurrency = maximum } : null,
        EventSourceMappingArn = $"arn:aws:lambda:{environments.Region}:{environments.AccountId}:event-source-mapping:{mapping.Uuid}",
    };
}
