using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Sluice.Gateway;

namespace Sluice.Sqs.Api.Query;

/// <summary>
/// Renders an operation's output, in the JSON protocol's shape, as the query protocol's XML:
/// <c>&lt;{Action}Response&gt;&lt;{Action}Result&gt;…&lt;/{Action}Result&gt;&lt;ResponseMetadata&gt;…</c>, lists and maps flattened.
/// </summary>
public static class SqsQueryResponse
{
    public const string Namespace = "http://queue.amazonaws.com/doc/2012-11-05/";
    public const string ContentType = "text/xml";

    /// <summary>The response document; an output member the action's model does not have is a bug, not something to drop.</summary>
    public static byte[] Render(string action, JsonObject output, string requestId)
    {
        if (!SqsQueryModel.Operations.TryGetValue(action, out var operation))
            throw new ArgumentException($"{action} is not an SQS action.", nameof(action));
        return S3Xml.Render(action + "Response", xml =>
        {
            if (operation.Output is { } shape)
            {
                xml.WriteStartElement(action + "Result");
                WriteMembers(xml, output, shape, action);
                xml.WriteEndElement();
            }
            else if (output.Count > 0)
            {
                throw new InvalidOperationException($"{action} has no output, yet was given {output.ToJsonString()}.");
            }
            xml.WriteStartElement("ResponseMetadata");
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
        }, Namespace);
    }

    /// <summary>In the model's order, as SQS writes them.</summary>
    private static void WriteMembers(XmlWriter xml, JsonObject value, SqsQueryStructure shape, string path)
    {
        var known = 0;
        foreach (var member in shape.Members)
        {
            if (!value.TryGetPropertyValue(member.Name, out var node)) continue;
            known++;
            if (node is not null)
                Write(xml, member.WireName, node, member.Shape, $"{path}.{member.Name}");
        }
        if (known != value.Count)
        {
            var unknown = value.First(pair => shape.Members.All(member => member.Name != pair.Key)).Key;
            throw new InvalidOperationException($"{path} has no member {unknown} in the query protocol's model.");
        }
    }

    private static void Write(XmlWriter xml, string element, JsonNode node, SqsQueryShape shape, string path)
    {
        switch (shape)
        {
            case SqsQueryScalar scalar:
                xml.WriteElementString(element, Scalar(node, scalar.Kind, path));
                break;
            case SqsQueryList list:
                foreach (var item in Expect<JsonArray>(node, path))
                    Write(xml, element, item ?? throw new InvalidOperationException($"{path} holds a null item."), list.Item, path);
                break;
            case SqsQueryMap map:
                foreach (var (key, value) in Expect<JsonObject>(node, path))
                {
                    if (value is null) continue;
                    xml.WriteStartElement(element);
                    xml.WriteElementString(map.KeyName, key);
                    Write(xml, map.ValueName, value, map.Value, $"{path}.{key}");
                    xml.WriteEndElement();
                }
                break;
            case SqsQueryStructure structure:
                xml.WriteStartElement(element);
                WriteMembers(xml, Expect<JsonObject>(node, path), structure, path);
                xml.WriteEndElement();
                break;
            default:
                throw new InvalidOperationException($"No writer for the shape {shape}.");
        }
    }

    private static string Scalar(JsonNode node, SqsQueryScalarKind kind, string path)
    {
        var value = Expect<JsonValue>(node, path);
        var actual = value.GetValueKind();
        var matches = kind switch
        {
            SqsQueryScalarKind.String or SqsQueryScalarKind.Blob => actual == JsonValueKind.String,
            SqsQueryScalarKind.Integer or SqsQueryScalarKind.Long => actual == JsonValueKind.Number,
            SqsQueryScalarKind.Boolean => actual is JsonValueKind.True or JsonValueKind.False,
            _ => false,
        };
        if (!matches)
            throw new InvalidOperationException($"{path} is {actual} where the model has {kind}.");
        return actual == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
    }

    private static T Expect<T>(JsonNode node, string path) where T : JsonNode =>
        node as T ?? throw new InvalidOperationException($"{path} is {node.GetValueKind()} where the model has a {typeof(T).Name}.");
}
