using System.CommandLine;
using Sluice.Functions;
using Sluice.Functions.Logs;

namespace Sluice.Cli;

/// <summary>`sluice logs`: a function's recent invocation logs from a running server.</summary>
public static class LogsCommand
{
    public static Command Create()
    {
        var function = new Argument<string>("function") { Description = "Function name." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new invocation logs." };
        var (endpoint, region) = (ServerClient.EndpointOption(), ServerClient.RegionOption());
        var command = new Command("logs", "Show a function's invocation logs (START/END/REPORT included).") { function, follow, endpoint, region };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var server = parse.GetValue(endpoint)!;
            var client = new LogsClient(server, parse.GetValue(region)!,
                Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "test",
                Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "test");
            long sequence = 0;
            var first = true;
            try
            {
                do
                {
                    // The first fetch prints what is there; following ones long-poll for new logs.
                    var (text, last) = await client.FetchAsync(parse.GetValue(function)!, sequence, wait: !first, cancellationToken);
                    await Console.Out.WriteAsync(text);
                    sequence = last;
                    first = false;
                }
                while (parse.GetValue(follow) && !cancellationToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception error) when (ServerClient.Unreachable(server, error, cancellationToken) is { } failure)
            {
                throw failure;
            }
            catch (InvalidOperationException answered)
            {
                // LogsClient's message for an error answer is "<status> <body>".
                var space = answered.Message.IndexOf(' ');
                throw CliException.Failed($"{server} answered " + (space > 0 && int.TryParse(answered.Message[..space], out var status)
                    ? ServerClient.Answer(status, answered.Message[(space + 1)..])
                    : answered.Message), answered);
            }
            return 0;
        });
        return command;
    }
}
