using System.CommandLine;
using System.Text;
using Sluice.Functions;

namespace Sluice.Cli;

/// <summary>`sluice invoke`: runs one invocation of a handler from a folder or zip, no server needed.</summary>
public static class InvokeCommand
{
    public static Command Create()
    {
        var code = new Argument<string>("code") { Description = "Folder or zip holding the function's code." };
        var handler = new Option<string>("--handler") { Description = "Handler, e.g. index.handler or app.lambda_handler.", Required = true };
        var runtime = new Option<string>("--runtime") { Description = "Runtime, e.g. nodejs20.x, python3.12, provided.al2023.", Required = true };
        var eventFile = new Option<string?>("--event") { Description = "File holding the event JSON ('-' for stdin). Default {}." };
        var environment = new Option<string[]>("--env") { Description = "KEY=VALUE environment variable (repeatable).", AllowMultipleArgumentsPerToken = true };
        var timeout = new Option<int>("--timeout") { Description = "Timeout in seconds.", DefaultValueFactory = _ => 3 };
        var memory = new Option<int>("--memory") { Description = "Memory size in MB (reported).", DefaultValueFactory = _ => 128 };
        var name = new Option<string>("--function-name") { Description = "Function name the handler sees.", DefaultValueFactory = _ => "local" };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "AWS_ENDPOINT_URL given to the handler (e.g. a running sluice server)." };

        var command = new Command("invoke", "Invoke a handler locally through the Lambda Runtime API and print its result, log and REPORT line.")
        {
            code, handler, runtime, eventFile, environment, timeout, memory, name, endpoint,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var variables = new Dictionary<string, string>();
            foreach (var pair in parse.GetValue(environment) ?? [])
            {
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    await Console.Error.WriteLineAsync($"sluice: --env expects KEY=VALUE, got '{pair}'");
                    return 2;
                }
                variables[pair[..equals]] = pair[(equals + 1)..];
            }
            var eventPath = parse.GetValue(eventFile);
            byte[] payload = eventPath switch
            {
                null => [],
                "-" => Encoding.UTF8.GetBytes(await Console.In.ReadToEndAsync(cancellationToken)),
                _ => await File.ReadAllBytesAsync(eventPath, cancellationToken),
            };
            LocalInvoker.Outcome outcome;
            try
            {
                outcome = await LocalInvoker.InvokeAsync(new LocalInvoker.Request(
                    parse.GetValue(code)!, parse.GetValue(handler)!, parse.GetValue(runtime)!, payload, variables,
                    parse.GetValue(timeout), parse.GetValue(memory), parse.GetValue(name)!,
                    parse.GetValue(endpoint) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL")), cancellationToken);
            }
            catch (Exception error) when (error is ArgumentException or IOException)
            {
                await Console.Error.WriteLineAsync($"sluice: {error.Message}");
                return 2;
            }
            await Console.Error.WriteAsync(outcome.Log);
            await Console.Out.WriteLineAsync(Encoding.UTF8.GetString(outcome.Result.Payload.Span));
            return outcome.Result.IsError ? 1 : 0;
        });
        return command;
    }
}
