using System.CommandLine;

namespace Sluice.Cli;

/// <summary>The `sluice` command tree; each subcommand lives in its own file.</summary>
public static class SluiceCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Sluice: S3-compatible object storage with events, Lambda-compatible functions, queues, topics and an event bus, in one self-hosted program.");
        root.Subcommands.Add(ServerCommand.Create());
        root.Subcommands.Add(InvokeCommand.Create());
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(LogsCommand.Create());
        return root;
    }
}
