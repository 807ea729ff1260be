using System.Text.Json;

namespace Sluice.Functions.EventSources;

/// <summary>The function's partial batch response, <c>{"batchItemFailures":[{"itemIdentifier":"…"}]}</c>, read strictly.</summary>
public static class PartialBatchResponse
{
    /// <summary>The message ids the function reported as failed, or the reason the response fails the whole batch.</summary>
    public static (HashSet<string> Failed, string? Problem) FailedIdentifiers(ReadOnlySpan<byte> payload, IReadOnlySet<string> batchIds)
    {
        var failed = new HashSet<string>(StringComparer.Ordinal);
        if (payload.IsEmpty)
            return (failed, null);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload.ToArray());
        }
        catch (JsonException)
        {
            return (failed, "the function's response is not JSON, so it is not a partial batch response");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
                return (failed, null);
            if (root.ValueKind != JsonValueKind.Object)
                return (failed, $"the function's response is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not a partial batch response object");
            if (!root.TryGetProperty("batchItemFailures", out var failures) || failures.ValueKind == JsonValueKind.Null)
                return (failed, null);
            if (failures.ValueKind != JsonValueKind.Array)
                return (failed, "batchItemFailures is not a list");
            foreach (var entry in failures.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("itemIdentifier", out var identifier)
                    || identifier.ValueKind != JsonValueKind.String)
                    return (failed, "a batchItemFailures entry has no itemIdentifier string");
                var id = identifier.GetString()!;
                if (id.Length == 0)
                    return (failed, "a batchItemFailures entry has an empty itemIdentifier");
                if (!batchIds.Contains(id))
                    return (failed, $"the itemIdentifier '{(id.Length > 100 ? id[..100] + "…" : id)}' is not a message of the batch");
                failed.Add(id);
            }
            return (failed, null);
        }
    }
}
