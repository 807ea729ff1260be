using System.Globalization;
using System.Text.Json;
using Sluice.Events;
using Sluice.Functions.Api;

namespace Sluice.Cli;

/// <summary>The table `sluice events list` prints: one line per event, the delivery's state last.</summary>
public static class EventTable
{
    /// <summary>How much of a last error fits in the status column and keeps a row on a wide terminal.</summary>
    public const int ErrorWidth = 60;

    public static void Print(EventList list, TextWriter output)
    {
        var rows = list.Events.Select(view => new[]
        {
            view.Id.ToString(CultureInfo.InvariantCulture),
            view.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
            view.EventName,
            view.Bucket + "/" + view.Key,
            view.ConfigurationId ?? "-",
            view.Destination is { } arn ? arn[(arn.LastIndexOf(':') + 1)..] : "-",
            Status(view),
        }).ToList();
        string[] header = ["ID", "TIME (UTC)", "EVENT", "OBJECT", "RULE", "FUNCTION", "STATUS"];
        var widths = header.Select((title, column) => rows.Select(row => row[column].Length).Append(title.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
            output.WriteLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        if (rows.Count == 0) output.WriteLine("(no events)");
    }

    public static string Status(EventView view) => view.Pending is { } pending
        ? $"queued (attempts {pending.Attempts}{(pending.LastError is { } error ? ", last error: " + ShortError(error) : "")})"
        : view.Status;

    /// <summary>
    /// A handler's error payload as "errorType: errorMessage" (other text as it is) on one line, cut to
    /// <see cref="ErrorWidth"/> characters with an ellipsis; `--json` has the whole of it.
    /// </summary>
    public static string ShortError(string error)
    {
        var text = LambdaError(error) ?? error;
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= ErrorWidth ? text : text[..(ErrorWidth - 1)].TrimEnd() + "…";
    }

    private static string? LambdaError(string error)
    {
        try
        {
            using var document = JsonDocument.Parse(error);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("errorMessage", out var message) || message.ValueKind != JsonValueKind.String)
                return null;
            return root.TryGetProperty("errorType", out var type) && type.ValueKind == JsonValueKind.String
                ? $"{type.GetString()}: {message.GetString()}"
                : message.GetString();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
