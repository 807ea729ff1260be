using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Sluice.Sqs.Api.Query;

/// <summary>An SQS action called over the query protocol: its name and its input in the JSON protocol's shape.</summary>
public sealed record SqsQueryCall(string Action, JsonObject Input);

/// <summary>
/// Reads a query-protocol request (<c>Action=…&amp;Version=2012-11-05&amp;…</c> in the query string or a form body)
/// into the input object the JSON protocol would have carried, so that each operation is written once.
/// </summary>
public static class SqsQueryRequest
{
    /// <summary>A 1 MiB message with every byte percent-encoded, and room for the request's other parameters.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private const string FormContentType = "application/x-www-form-urlencoded";
    private const int MaxQuotedLength = 80;

    public static async Task<SqsQueryCall> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new SqsQueryFields();
        fields.Add(request.Query);
        if (request.ContentType?.StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase) == true)
            fields.Add(await ReadFormAsync(request, cancellationToken));
        return Parse(fields, PathQueueUrl(request));
    }

    /// <summary>The call the parameters make; a queue URL given by the request's path stands in for a missing <c>QueueUrl</c>.</summary>
    internal static SqsQueryCall Parse(SqsQueryFields fields, string? pathQueueUrl)
    {
        var root = fields.Root;
        var action = root.Children.GetValueOrDefault("Action")?.Value;
        if (string.IsNullOrEmpty(action))
            throw SqsQueryException.MissingAction();
        if (!SqsQueryModel.Operations.TryGetValue(action, out var operation))
            throw SqsQueryException.InvalidAction(Quote(action));
        if (pathQueueUrl is not null && root.Children.GetValueOrDefault("QueueUrl")?.Value is null)
            root.Child("QueueUrl").Value = pathQueueUrl;
        return new SqsQueryCall(action, ReadStructure(root, operation.Input, ""));
    }

    private static async Task<Dictionary<string, StringValues>> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
            throw TooLarge();
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
                throw TooLarge();
            body.Write(chunk, 0, read);
        }
        body.Position = 0;
        using var reader = new FormReader(body, Encoding.UTF8)
        {
            ValueCountLimit = SqsQueryFields.MaxParameters,
            KeyLengthLimit = SqsQueryFields.MaxNameLength,
            ValueLengthLimit = MaxBodyBytes,
        };
        try
        {
            return await reader.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException limit)
        {
            throw SqsQueryException.InvalidQueryParameter(limit.Message);
        }
    }

    private static SqsQueryException TooLarge() =>
        SqsQueryException.InvalidParameterValue($"The request body is larger than the {MaxBodyBytes} bytes an SQS request may have.");

    /// <summary>SQS also takes the queue as the request's path, <c>/{account}/{queue}</c>, as older clients send it.</summary>
    private static string? PathQueueUrl(HttpRequest request)
    {
        var path = request.Path.Value.AsSpan().Trim('/');
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1 || path[(slash + 1)..].Contains('/'))
            return null;
        return $"{request.Scheme}://{request.Host}/{path}";
    }

    private static JsonObject ReadStructure(SqsQueryField field, SqsQueryStructure shape, string path)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
        {
            var name = path.Length == 0 ? member.WireName : $"{path}.{member.WireName}";
            if (field.Children.TryGetValue(member.WireName, out var child) && Read(child, member.Shape, name) is { } value)
                result[member.Name] = value;
            else if (member.Required)
                throw SqsQueryException.MissingParameter(name);
        }
        return result;
    }

    /// <summary>The member's value, or null when the request gives none.</summary>
    private static JsonNode? Read(SqsQueryField field, SqsQueryShape shape, string name) => shape switch
    {
        SqsQueryScalar scalar => field.Value is null ? null : Scalar(field.Value, scalar.Kind, name),
        SqsQueryList list => ReadList(field, list, name),
        SqsQueryMap map => ReadMap(field, map, name),
        SqsQueryStructure structure => ReadStructure(field, structure, name),
        _ => throw new InvalidOperationException($"No reader for the shape {shape}."),
    };

    private static JsonArray? ReadList(SqsQueryField field, SqsQueryList list, string name)
    {
        var items = Numbered(field, name);
        if (items.Length == 0)
        {
            // The empty value is how SDKs send an empty list (so a batch without entries is SQS's EmptyBatchRequest).
            // Without numbers, a list of strings is its one value: `AttributeName=All`, as SQS's own examples send it.
            if (field.Value is null) return null;
            if (field.Value.Length == 0) return [];
            return list.Item is SqsQueryScalar item ? [Scalar(field.Value, item.Kind, name)] : null;
        }
        var array = new JsonArray();
        for (var i = 0; i < items.Length; i++)
        {
            var itemName = $"{name}.{i + 1}";
            array.Add(Read(items[i], list.Item, itemName) ?? throw SqsQueryException.MissingParameter(itemName));
        }
        return array;
    }

    private static JsonObject? ReadMap(SqsQueryField field, SqsQueryMap map, string name)
    {
        var entries = Numbered(field, name);
        if (entries.Length == 0) return null;
        var result = new JsonObject();
        for (var i = 0; i < entries.Length; i++)
        {
            var keyName = $"{name}.{i + 1}.{map.KeyName}";
            var valueName = $"{name}.{i + 1}.{map.ValueName}";
            var key = entries[i].Children.GetValueOrDefault(map.KeyName)?.Value ?? throw SqsQueryException.MissingParameter(keyName);
            var valueField = entries[i].Children.GetValueOrDefault(map.ValueName) ?? throw SqsQueryException.MissingParameter(valueName);
            var value = Read(valueField, map.Value, valueName) ?? throw SqsQueryException.MissingParameter(valueName);
            if (!result.TryAdd(key, value))
                throw SqsQueryException.InvalidParameterValue($"{keyName} repeats the {map.KeyName} {Quote(key)} of an earlier entry.");
        }
        return result;
    }

    /// <summary>The items <c>name.1</c> … <c>name.N</c>: numbered from 1 without gaps, as the query protocol numbers them.</summary>
    private static SqsQueryField[] Numbered(SqsQueryField field, string name)
    {
        var count = field.Children.Count;
        var items = new SqsQueryField[count];
        foreach (var (segment, child) in field.Children)
        {
            if (!TryIndex(segment, out var index) || index > count)
                throw SqsQueryException.InvalidQueryParameter(
                    $"The parameter {name}.{Quote(segment)} is not one of {name}.1 to {name}.{count}: the items of a list are numbered from 1 without gaps.");
            items[index - 1] = child;
        }
        return items;
    }

    private static bool TryIndex(string segment, out int index)
    {
        index = 0;
        if (segment.Length is 0 or > 4 || segment[0] == '0') return false;
        foreach (var c in segment)
        {
            if (!char.IsAsciiDigit(c)) return false;
            index = index * 10 + (c - '0');
        }
        return true;
    }

    private static JsonValue Scalar(string text, SqsQueryScalarKind kind, string name) => kind switch
    {
        SqsQueryScalarKind.String => JsonValue.Create(text),
        SqsQueryScalarKind.Integer => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            ? JsonValue.Create(integer)
            : throw Invalid(text, name, "must be an integer"),
        SqsQueryScalarKind.Long => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : throw Invalid(text, name, "must be an integer"),
        SqsQueryScalarKind.Boolean => bool.TryParse(text, out var flag) ? JsonValue.Create(flag) : throw Invalid(text, name, "must be true or false"),
        SqsQueryScalarKind.Blob => Base64.IsValid(text) ? JsonValue.Create(text) : throw Invalid(text, name, "must be base64-encoded"),
        _ => throw new InvalidOperationException($"No reader for the scalar {kind}."),
    };

    private static SqsQueryException Invalid(string text, string name, string reason) =>
        SqsQueryException.InvalidParameterValue($"Value {Quote(text)} for parameter {name} is invalid. Reason: {reason}.");

    private static string Quote(string value) => value.Length <= MaxQuotedLength ? value : value[..MaxQuotedLength] + "…";
}
