using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Functions.EventSources;

namespace Sluice.Cli;

/// <summary>`sluice events mappings`: the event source mappings of a running server and what each poller is doing.</summary>
public static class EventSourceMappingCommands
{
    public static Command Mappings()
    {
        var function = new Option<string?>("--function") { Description = "Only the mappings of this function." };
        var json = new Option<bool>("--json") { Description = "Print the JSON the server answers with." };
        var (endpoint, region) = (ServerClient.EndpointOption(), ServerClient.RegionOption());
        var command = new Command("mappings", "Event source mappings (SQS → function): state, batches and messages in flight, last batch, last error.")
        {
            function, json, endpoint, region,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = parse.GetValue(function) is { } f ? "?FunctionName=" + Uri.EscapeDataString(f) : "";
            var body = await new ServerClient(parse.GetValue(endpoint)!, parse.GetValue(region)!)
                .SendAsync(HttpMethod.Get, "/2015-03-31/event-source-mappings/sluice-status" + query, cancellationToken);
            if (parse.GetValue(json))
                Console.WriteLine(body);
            else
                Print(JsonSerializer.Deserialize(body, MappingStatusJsonContext.Default.MappingStatusList)!, Console.Out);
            return 0;
        });
        return command;
    }

    public static void Print(MappingStatusList list, TextWriter output)
    {
        var rows = list.Mappings.Select(view => new[]
        {
            view.Uuid,
            view.EventSourceArn[(view.EventSourceArn.LastIndexOf(':') + 1)..],
            view.FunctionName,
            view.State,
            $"{view.RunningBatches}/{view.Concurrency?.ToString(CultureInfo.InvariantCulture) ?? "-"}",
            view.InFlightMessages.ToString(CultureInfo.InvariantCulture),
            view.LastBatchAt is { } at ? $"{at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} ({view.LastBatchSize})" : "-",
            view.LastError is { } error ? EventTable.ShortError(error) : "-",
        }).ToList();
        string[] header = ["UUID", "QUEUE", "FUNCTION", "STATE", "BATCHES", "IN FLIGHT", "LAST BATCH (UTC, SIZE)", "LAST ERROR"];
        var widths = header.Select((title, column) => rows.Select(row => row[column].Length).Append(title.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
            output.WriteLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        if (rows.Count == 0) output.WriteLine("(no event source mappings)");
    }
}
