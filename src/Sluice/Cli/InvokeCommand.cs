using System.CommandLine;
using System.Text;
using System.Text.Json;
using Sluice.Functions;
using Sluice.Functions.Local;

namespace Sluice.Cli;

/// <summary>`sluice invoke`: runs one invocation of a handler from a folder or zip, no server needed.</summary>
public static class InvokeCommand
{
    public static Command Create()
    {
        var code = new Argument<string>("code") { Description = "Folder or zip holding the function's code (relative to the current folder)." };
        var handler = new Option<string>("--handler") { Description = "Handler, e.g. index.handler or app.lambda_handler.", Required = true };
        var runtime = new Option<string>("--runtime") { Description = "Runtime, e.g. nodejs20.x, python3.12, provided.al2023.", Required = true };
        var eventFile = new Option<string?>("--event") { Description = "File holding the event JSON ('-' for stdin). Default {}." };
        var environment = new Option<string[]>("--env") { Description = "KEY=VALUE environment variable (repeatable).", AllowMultipleArgumentsPerToken = true };
        var timeout = new Option<int>("--timeout") { Description = "Timeout in seconds.", DefaultValueFactory = _ => 3 }.InRange(1, 900);
        var memory = new Option<int>("--memory") { Description = "Memory size in MB (reported).", DefaultValueFactory = _ => 128 }.InRange(128, 10240);
        var name = new Option<string>("--function-name") { Description = "Function name the handler sees.", DefaultValueFactory = _ => "local" };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "AWS_ENDPOINT_URL given to the handler (e.g. a running sluice server)." };

        var command = new Command("invoke", "Invoke a handler locally through the Lambda Runtime API and print its result, log and REPORT line.")
        {
            code, handler, runtime, eventFile, environment, timeout, memory, name, endpoint,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var variables = Variables(parse.GetValue(environment) ?? []);
            var codePath = CliPaths.ExistingFolderOrFile(parse.GetValue(code)!, "folder or zip");
            var payload = await ReadEventAsync(parse.GetValue(eventFile), cancellationToken);
            LocalInvoker.Outcome outcome;
            try
            {
                outcome = await LocalInvoker.InvokeAsync(new LocalInvoker.Request(
                    codePath, parse.GetValue(handler)!, parse.GetValue(runtime)!, payload, variables,
                    parse.GetValue(timeout), parse.GetValue(memory), parse.GetValue(name)!,
                    parse.GetValue(endpoint) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL")), cancellationToken);
            }
            catch (ArgumentException error)
            {
                // An unknown runtime, or a file that is not a zip.
                throw CliException.Usage(error.Message);
            }
            await Console.Error.WriteAsync(outcome.Log);
            await Console.Out.WriteLineAsync(Encoding.UTF8.GetString(outcome.Result.Payload.Span));
            return outcome.Result.IsError ? CliException.FailureExitCode : 0;
        });
        return command;
    }

    private static Dictionary<string, string> Variables(string[] pairs)
    {
        var variables = new Dictionary<string, string>();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
                throw CliException.Usage($"--env expects KEY=VALUE, got '{pair}'");
            variables[pair[..equals]] = pair[(equals + 1)..];
        }
        return variables;
    }

    /// <summary>The event's bytes (empty for none), checked to be JSON as Lambda's Invoke checks a payload.</summary>
    private static async Task<byte[]> ReadEventAsync(string? given, CancellationToken cancellationToken)
    {
        if (given is null) return [];
        var payload = given == "-"
            ? Encoding.UTF8.GetBytes(await Console.In.ReadToEndAsync(cancellationToken))
            : await File.ReadAllBytesAsync(CliPaths.ExistingFile(given, "--event file"), cancellationToken);
        if (payload.AsSpan().Trim(" \t\r\n"u8).IsEmpty) return [];
        try
        {
            using var _ = JsonDocument.Parse(payload);
        }
        catch (JsonException error)
        {
            throw CliException.Usage($"the event in {(given == "-" ? "stdin" : given)} is not JSON: {error.Message}");
        }
        return payload;
    }
}
