using System.Text;

namespace Sluice.Storage.Objects;

/// <summary>Key ranges in UTF-8 byte order, for prefix scans.</summary>
public static class KeyRange
{
    /// <summary>The smallest string greater than every string that starts with <paramref name="prefix"/>; null if unbounded.</summary>
    public static string? UpperBound(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1];
            runes.RemoveAt(runes.Count - 1);
            if (last.Value >= 0x10FFFF) continue;
            var next = last.Value + 1;
            if (next is >= 0xD800 and <= 0xDFFF) next = 0xE000;
            runes.Add(new Rune(next));
            return string.Concat(runes.Select(rune => rune.ToString()));
        }
        return null;
    }
}
