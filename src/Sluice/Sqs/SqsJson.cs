using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Sqs;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SqsJsonContext : JsonSerializerContext;

/// <summary>String maps (queue attributes, tags) as the catalog stores them.</summary>
internal static class SqsJson
{
    public static string Write(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(values, StringComparer.Ordinal), SqsJsonContext.Default.DictionaryStringString);

    public static Dictionary<string, string> Read(string json) =>
        new(JsonSerializer.Deserialize(json, SqsJsonContext.Default.DictionaryStringString)!, StringComparer.Ordinal);
}
