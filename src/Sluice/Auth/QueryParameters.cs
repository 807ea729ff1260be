using System.Text;

namespace Sluice.Auth;

/// <summary>A query string split into its parameters, keeping the raw encoded text a signature was made over.</summary>
internal sealed class QueryParameters
{
    private readonly List<(string RawName, string RawValue, string Name, bool HasEquals)> _items = [];

    public QueryParameters(string? rawQuery)
    {
        var query = (rawQuery ?? "").AsSpan().TrimStart('?');
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
                continue;
            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? [] : pair[(equals + 1)..];
            _items.Add((rawName.ToString(), rawValue.ToString(), AwsUriEncoding.DecodeToString(rawName), equals >= 0));
        }
    }

    public bool Contains(string name) => _items.Exists(item => item.Name == name);

    /// <summary>The decoded value of the first parameter with this (decoded, case-sensitive) name.</summary>
    public string? Get(string name)
    {
        foreach (var item in _items)
        {
            if (item.Name == name)
                return AwsUriEncoding.DecodeToString(item.RawValue);
        }
        return null;
    }

    /// <summary>Decoded name/value pairs in the order sent; the value is null for a parameter sent without '='.</summary>
    public IEnumerable<(string Name, string? Value)> Decoded() =>
        _items.Select(item => (item.Name, item.HasEquals ? AwsUriEncoding.DecodeToString(item.RawValue) : null));

    /// <summary>
    /// SigV4 canonical query string: each name and value re-encoded, sorted by name then value,
    /// valueless parameters as <c>name=</c>.
    /// </summary>
    public string ToCanonical(string? excludedName = null)
    {
        var encoded = new List<(string Name, string Value)>(_items.Count);
        foreach (var item in _items)
        {
            if (item.Name != excludedName)
                encoded.Add((AwsUriEncoding.Normalize(item.RawName, keepSlash: false), AwsUriEncoding.Normalize(item.RawValue, keepSlash: false)));
        }
        encoded.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        var sb = new StringBuilder();
        foreach (var (name, value) in encoded)
        {
            if (sb.Length > 0)
                sb.Append('&');
            sb.Append(name).Append('=').Append(value);
        }
        return sb.ToString();
    }
}
