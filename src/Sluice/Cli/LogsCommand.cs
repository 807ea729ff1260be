using System.CommandLine;
using Sluice.Functions;

namespace Sluice.Cli;

/// <summary>`sluice logs`: a function's recent invocation logs from a running server.</summary>
public static class LogsCommand
{
    public static Command Create()
    {
        var function = new Argument<string>("function") { Description = "Function name." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new invocation logs." };
        var endpoint = new Option<string>("--endpoint-url")
        {
            Description = "The server.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") ?? "http://127.0.0.1:4566",
        };
        var region = new Option<string>("--region") { DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1" };
        var command = new Command("logs", "Show a function's invocation logs (START/END/REPORT included).") { function, follow, endpoint, region };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var client = new LogsClient(parse.GetValue(endpoint)!, parse.GetValue(region)!,
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
            catch (OperationCanceledException)
            {
            }
            catch (Exception error) when (error is HttpRequestException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"sluice: {error.Message}");
                return 1;
            }
            return 0;
        });
        return command;
    }
}
