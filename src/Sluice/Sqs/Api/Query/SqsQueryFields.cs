using Microsoft.Extensions.Primitives;

namespace Sluice.Sqs.Api.Query;

/// <summary>One segment of the request's dotted parameter names (<c>MessageAttribute</c>, <c>1</c>, <c>Name</c>): its value, its children.</summary>
internal sealed class SqsQueryField
{
    private static readonly Dictionary<string, SqsQueryField> NoChildren = [];
    private Dictionary<string, SqsQueryField>? _children;

    public string? Value { get; set; }

    public IReadOnlyDictionary<string, SqsQueryField> Children => _children ?? NoChildren;

    public SqsQueryField Child(string segment)
    {
        _children ??= new Dictionary<string, SqsQueryField>(StringComparer.Ordinal);
        if (!_children.TryGetValue(segment, out var child))
        {
            child = new SqsQueryField();
            _children.Add(segment, child);
        }
        return child;
    }
}

/// <summary>
/// The request's parameters (query string and form) as a tree of their dotted names, bounded so that a hostile
/// request cannot make it large: no SQS request needs more parameters, deeper names or longer names than these.
/// </summary>
internal sealed class SqsQueryFields
{
    public const int MaxParameters = 1000;
    public const int MaxSegments = 8;
    public const int MaxNameLength = 256;

    private int _count;

    public SqsQueryField Root { get; } = new();

    public void Add(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        foreach (var (name, values) in parameters)
            Add(name, values);
    }

    private void Add(string name, StringValues values)
    {
        _count += Math.Max(values.Count, 1);
        if (_count > MaxParameters)
            throw SqsQueryException.InvalidQueryParameter($"The request has more than {MaxParameters} parameters.");
        if (name.Length > MaxNameLength)
            throw SqsQueryException.InvalidQueryParameter($"A parameter name is longer than {MaxNameLength} characters.");
        var field = Root;
        var segments = 0;
        foreach (var range in name.AsSpan().Split('.'))
        {
            if (++segments > MaxSegments)
                throw SqsQueryException.InvalidQueryParameter($"The parameter {name} has more than {MaxSegments} parts.");
            field = field.Child(name[range]);
        }
        foreach (var value in values)
        {
            var text = value ?? "";
            if (field.Value is not null && field.Value != text)
                throw SqsQueryException.InvalidQueryParameter($"The parameter {name} is given more than once.");
            field.Value = text;
        }
    }
}
