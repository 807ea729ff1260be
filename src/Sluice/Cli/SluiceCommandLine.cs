using System.CommandLine;
using System.CommandLine.Parsing;

namespace Sluice.Cli;

/// <summary>The `sluice` command tree and how its errors reach the user; each subcommand lives in its own file.</summary>
public static class SluiceCommandLine
{
    public const string VerboseOption = "--verbose";

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Sluice: S3-compatible object storage, Lambda-compatible functions, SQS-compatible queues, and S3 events delivered to those functions and queues, in one self-hosted program.")
        {
            new Option<bool>(VerboseOption) { Description = "Show the full error (with its stack trace) when a command fails.", Recursive = true },
        };
        root.Subcommands.Add(ServerCommand.Create());
        root.Subcommands.Add(InvokeCommand.Create());
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(LogsCommand.Create());
        return root;
    }

    /// <summary>
    /// Runs the command line; every error is one line on stderr, exit code 2 for a wrong command line and 1 for a
    /// failure, with the stack trace only under --verbose. `sluice` alone shows the help.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            var problems = string.Join(" ", parse.Errors.Select(error => error.Message).Distinct());
            await Console.Error.WriteLineAsync($"sluice: {OneLine(problems)} (see '{CommandPath(parse.CommandResult)} --help')");
            return CliException.UsageExitCode;
        }
        var verbose = parse.GetValue<bool>(VerboseOption);
        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            // The server stops on SIGINT/SIGTERM through its host, which bounds the shutdown itself (SluiceServer);
            // System.CommandLine would end the process with 130/143 two seconds after the signal.
            ProcessTerminationTimeout = parse.CommandResult.Command.Name == ServerCommand.Name ? null : TimeSpan.FromSeconds(2),
        };
        try
        {
            return await parse.InvokeAsync(configuration);
        }
        catch (CliException failure)
        {
            await ReportAsync(failure.Message, failure.InnerException, verbose);
            return failure.ExitCode;
        }
        catch (OperationCanceledException cancelled) when (cancelled.InnerException is not TimeoutException)
        {
            await ReportAsync("cancelled", cancelled, verbose);
            return 130;
        }
        catch (Exception error)
        {
            await ReportAsync(error.Message, error, verbose);
            return CliException.FailureExitCode;
        }
    }

    private static async Task ReportAsync(string message, Exception? error, bool verbose)
    {
        await Console.Error.WriteLineAsync($"sluice: {OneLine(message)}");
        if (verbose && error is not null)
            await Console.Error.WriteLineAsync(error.ToString());
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>"sluice events list" for the command the error belongs to.</summary>
    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is not null; result = result.Parent)
            if (result is CommandResult { Command: var c })
                names.Add(c is RootCommand ? "sluice" : c.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
