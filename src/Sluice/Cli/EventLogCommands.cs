using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Events;

namespace Sluice.Cli;

/// <summary>`sluice events list | replay | redeliver`: the event log of a running server.</summary>
public static class EventLogCommands
{
    public static Command List()
    {
        var bucket = new Option<string?>("--bucket") { Description = "Events produced by this bucket." };
        var function = new Option<string?>("--function") { Description = "Events sent to this function." };
        var limit = new Option<int>("--limit") { Description = "How many of the newest events.", DefaultValueFactory = _ => 50 }.InRange(1, 1000);
        var json = new Option<bool>("--json") { Description = "Print the JSON the server answers with." };
        var (endpoint, region) = (ServerClient.EndpointOption(), ServerClient.RegionOption());
        var command = new Command("list", "Events a bucket produced or a function received: which rule matched, where each went, how delivery stands.")
        {
            bucket, function, limit, json, endpoint, region,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = $"?limit={parse.GetValue(limit)}"
                + (parse.GetValue(bucket) is { } b ? "&bucket=" + Uri.EscapeDataString(b) : "")
                + (parse.GetValue(function) is { } f ? "&function=" + Uri.EscapeDataString(f) : "");
            var body = await CallAsync(parse, endpoint, region, HttpMethod.Get, EventsApi.PathPrefix + query, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(body);
                return 0;
            }
            EventTable.Print(JsonSerializer.Deserialize(body, EventsJsonContext.Default.EventList)!, Console.Out);
            return 0;
        });
        return command;
    }

    public static Command Replay()
    {
        var bucket = new Option<string>("--bucket") { Description = "Bucket whose objects to replay.", Required = true };
        var prefix = new Option<string?>("--prefix") { Description = "Only keys under this prefix." };
        var function = new Option<string>("--function") { Description = "Function to send the events to.", Required = true };
        var (endpoint, region) = (ServerClient.EndpointOption(), ServerClient.RegionOption());
        var command = new Command("replay", "Send an ObjectCreated:Put event for every existing object (backfill a new function).")
        {
            bucket, prefix, function, endpoint, region,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = $"?bucket={Uri.EscapeDataString(parse.GetValue(bucket)!)}&function={Uri.EscapeDataString(parse.GetValue(function)!)}"
                + (parse.GetValue(prefix) is { } p ? "&prefix=" + Uri.EscapeDataString(p) : "");
            var body = await CallAsync(parse, endpoint, region, HttpMethod.Post, EventsApi.PathPrefix + "/replay" + query, cancellationToken);
            var result = JsonSerializer.Deserialize(body, EventsJsonContext.Default.ReplayResult)!;
            Console.WriteLine($"replayed {result.Replayed} objects to {result.Function}");
            return 0;
        });
        return command;
    }

    public static Command Redeliver()
    {
        var id = new Argument<long>("id") { Description = "Event id (from `sluice events list`)." };
        var (endpoint, region) = (ServerClient.EndpointOption(), ServerClient.RegionOption());
        var command = new Command("redeliver", "Hand an undelivered event to its destination again; one waiting for a retry is retried now.") { id, endpoint, region };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = $"{EventsApi.PathPrefix}/{parse.GetValue(id).ToString(CultureInfo.InvariantCulture)}/redeliver";
            var body = await CallAsync(parse, endpoint, region, HttpMethod.Post, path, cancellationToken);
            var result = JsonSerializer.Deserialize(body, EventsJsonContext.Default.RedeliveryResult)!;
            if (result.InvocationId is null)
                throw CliException.Failed($"event {result.Id}: {result.Status}");
            Console.WriteLine($"event {result.Id}: {result.Status}");
            return 0;
        });
        return command;
    }

    private static Task<string> CallAsync(ParseResult parse, Option<string> endpoint, Option<string> region,
        HttpMethod method, string pathAndQuery, CancellationToken cancellationToken) =>
        new ServerClient(parse.GetValue(endpoint)!, parse.GetValue(region)!).SendAsync(method, pathAndQuery, cancellationToken);
}
