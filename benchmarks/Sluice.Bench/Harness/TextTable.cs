namespace Sluice.Bench.Harness;

/// <summary>Plain text columns: each as wide as its widest cell, numbers right-aligned.</summary>
public sealed class TextTable(params (string Header, bool RightAligned)[] columns)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length > columns.Length) throw new ArgumentException("More cells than columns.", nameof(cells));
        _rows.Add([.. cells, .. Enumerable.Repeat("", columns.Length - cells.Length)]);
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = columns.Select((column, i) => _rows.Select(row => row[i].Length).Append(column.Header.Length).Max()).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((cell, i) =>
            columns[i].RightAligned ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd();

        writer.WriteLine(Line(columns.Select(column => column.Header).ToArray()));
        foreach (var row in _rows)
            writer.WriteLine(Line(row));
    }
}
