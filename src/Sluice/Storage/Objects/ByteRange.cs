using System.Globalization;

namespace Sluice.Storage.Objects;

/// <summary>A single `Range: bytes=…` request resolved against an object's size.</summary>
public readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    /// <summary>
    /// Null when the header is absent or not a single well-formed byte range (S3 then serves the
    /// whole object); <paramref name="unsatisfiable"/> when it starts past the end.
    /// </summary>
    public static ByteRange? Parse(string? header, long size, out bool unsatisfiable)
    {
        unsatisfiable = false;
        if (header is null || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return null;
        var spec = header[6..].Trim();
        if (spec.Contains(',')) return null;
        var dash = spec.IndexOf('-');
        if (dash < 0) return null;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();

        if (first.Length == 0)
        {
            if (!TryParse(last, out var suffix)) return null;
            if (suffix == 0 || size == 0)
            {
                unsatisfiable = true;
                return null;
            }
            var length = Math.Min(suffix, size);
            return new ByteRange(size - length, length);
        }

        if (!TryParse(first, out var start)) return null;
        long end;
        if (last.Length == 0) end = size - 1;
        else if (!TryParse(last, out end) || end < start) return null;
        if (start >= size)
        {
            unsatisfiable = true;
            return null;
        }
        end = Math.Min(end, size - 1);
        return new ByteRange(start, end - start + 1);
    }

    private static bool TryParse(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
