using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Sqs.Queues;

/// <summary>A queue's <c>RedrivePolicy</c>: after <paramref name="MaxReceiveCount"/> receives a message moves to the dead-letter queue.</summary>
public sealed record RedrivePolicy(string DeadLetterTargetArn, int MaxReceiveCount)
{
    public const string Attribute = "RedrivePolicy";

    /// <summary>The policy SQS stores for <paramref name="json"/>; InvalidParameterValue when it is not one.</summary>
    public static RedrivePolicy Parse(string json)
    {
        var policy = ParseObject(json, Attribute);
        if (policy.Count != 2 || policy["deadLetterTargetArn"] is not JsonValue arnValue || !arnValue.TryGetValue(out string? arn)
            || !policy.TryGetPropertyValue("maxReceiveCount", out var countNode))
            throw Invalid(json, "Redrive policy must have exactly deadLetterTargetArn and maxReceiveCount.");
        if (!TryInt(countNode, out var count) || count is < 1 or > 1000)
            throw Invalid(json, "Invalid value for maxReceiveCount: must be an integer from 1 to 1000.");
        return new RedrivePolicy(arn, count);
    }

    public string ToJson() => new JsonObject { ["deadLetterTargetArn"] = DeadLetterTargetArn, ["maxReceiveCount"] = MaxReceiveCount }.ToJsonString();

    internal static SqsException Invalid(string json, string reason) => SqsErrors.InvalidValue(Attribute, json, reason);

    internal static JsonObject ParseObject(string json, string attribute)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 8 }) as JsonObject
                ?? throw SqsErrors.InvalidValue(attribute, json, "Invalid JSON object.");
        }
        catch (JsonException)
        {
            throw SqsErrors.InvalidValue(attribute, json, "Invalid JSON.");
        }
    }

    private static bool TryInt(JsonNode? node, out int value)
    {
        value = 0;
        return node is JsonValue json && (json.TryGetValue(out value)
            || (json.TryGetValue(out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)));
    }
}

/// <summary>A dead-letter queue's <c>RedriveAllowPolicy</c>: which source queues may name it in their redrive policy.</summary>
public sealed record RedriveAllowPolicy(string Permission, IReadOnlyList<string> SourceQueueArns)
{
    public const string Attribute = "RedriveAllowPolicy";
    private const int MaxSources = 10;

    public static RedriveAllowPolicy Parse(string json)
    {
        var policy = RedrivePolicy.ParseObject(json, Attribute);
        if (policy["redrivePermission"] is not JsonValue permissionValue || !permissionValue.TryGetValue(out string? permission)
            || permission is not ("allowAll" or "denyAll" or "byQueue"))
            throw SqsErrors.InvalidValue(Attribute, json, "redrivePermission must be allowAll, denyAll or byQueue.");
        var sources = new List<string>();
        if (policy.TryGetPropertyValue("sourceQueueArns", out var arnsNode))
        {
            if (arnsNode is not JsonArray arns || arns.Count > MaxSources)
                throw SqsErrors.InvalidValue(Attribute, json, $"sourceQueueArns must be a list of at most {MaxSources} queue ARNs.");
            foreach (var arn in arns)
            {
                if (arn is not JsonValue value || !value.TryGetValue(out string? text))
                    throw SqsErrors.InvalidValue(Attribute, json, "sourceQueueArns must hold ARNs.");
                sources.Add(text);
            }
        }
        if ((permission == "byQueue") != (sources.Count > 0))
            throw SqsErrors.InvalidValue(Attribute, json, "sourceQueueArns is required with byQueue and allowed only with it.");
        return new RedriveAllowPolicy(permission, sources);
    }

    public bool Allows(string sourceArn) => Permission switch
    {
        "allowAll" => true,
        "byQueue" => SourceQueueArns.Contains(sourceArn, StringComparer.Ordinal),
        _ => false,
    };

    public string ToJson()
    {
        var json = new JsonObject { ["redrivePermission"] = Permission };
        if (SourceQueueArns.Count > 0)
            json["sourceQueueArns"] = new JsonArray([.. SourceQueueArns.Select(arn => JsonValue.Create(arn))]);
        return json.ToJsonString();
    }
}
