using System.Text;

namespace Sluice.Patterns;

/// <summary>A parsed <c>wildcard</c> operand: literal pieces between unescaped stars, matched on UTF-8 bytes.</summary>
internal sealed class WildcardPattern
{
    private readonly byte[][] _pieces;

    private WildcardPattern(string source, byte[][] pieces)
    {
        Source = source;
        _pieces = pieces;
    }

    public string Source { get; }

    /// <summary>Parses <c>*</c> (any run, possibly empty), <c>\*</c> (a literal star) and <c>\\</c> (a literal
    /// backslash); any other escape and two stars in a row are invalid.</summary>
    public static WildcardPattern Parse(string source)
    {
        var pieces = new List<byte[]>();
        var current = new StringBuilder();
        var previousWasStar = false;
        for (var index = 0; index < source.Length; index++)
        {
            var character = source[index];
            if (character == '*')
            {
                if (previousWasStar) throw Invalid($"Consecutive wildcard characters at pos {index}");
                pieces.Add(Encoding.UTF8.GetBytes(current.ToString()));
                current.Clear();
                previousWasStar = true;
                continue;
            }
            previousWasStar = false;
            if (character == '\\')
            {
                if (index + 1 >= source.Length || (source[index + 1] != '*' && source[index + 1] != '\\'))
                {
                    throw Invalid($"Invalid escape character at pos {index}");
                }
                index++;
                current.Append(source[index]);
                continue;
            }
            current.Append(character);
        }
        pieces.Add(Encoding.UTF8.GetBytes(current.ToString()));
        return new WildcardPattern(source, [.. pieces]);
    }

    public bool Matches(ReadOnlySpan<byte> value)
    {
        var first = _pieces[0];
        if (_pieces.Length == 1) return value.SequenceEqual(first);
        var last = _pieces[^1];
        if (value.Length < first.Length + last.Length || !value.StartsWith(first) || !value.EndsWith(last)) return false;
        // Leftmost placement of each middle piece is optimal when the only metacharacter is "*".
        var rest = value[first.Length..^last.Length];
        for (var index = 1; index < _pieces.Length - 1; index++)
        {
            var found = rest.IndexOf(_pieces[index]);
            if (found < 0) return false;
            rest = rest[(found + _pieces[index].Length)..];
        }
        return true;
    }

    private static InvalidPatternException Invalid(string reason) => new(reason);
}
