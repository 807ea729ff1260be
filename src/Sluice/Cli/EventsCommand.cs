using System.CommandLine;
using Sluice.Events;
using Sluice.Functions;
using Sluice.Functions.Local;

namespace Sluice.Cli;

/// <summary>`sluice events`: the event log commands, and `generate`, which prints sample events for local invokes.</summary>
public static class EventsCommand
{
    public static Command Create()
    {
        var generate = new Command("generate", "Print a sample event.");
        generate.Subcommands.Add(S3("s3-put", S3EventName.ObjectCreatedPut, "An S3 object-created (PUT) notification."));
        generate.Subcommands.Add(S3("s3-delete", S3EventName.ObjectRemovedDelete, "An S3 object-removed notification."));
        return new Command("events", "S3 events: the event log of a running server, backfill, re-delivery, sample events; and the SQS event source mappings.")
        {
            EventLogCommands.List(), EventLogCommands.Replay(), EventLogCommands.Redeliver(), EventSourceMappingCommands.Mappings(), generate,
        };
    }

    private static Command S3(string name, S3EventName eventName, string description)
    {
        var bucket = new Option<string>("--bucket") { Description = "Bucket name.", DefaultValueFactory = _ => "example-bucket" };
        var key = new Option<string>("--key") { Description = "Object key (written URL-encoded, as S3 does).", DefaultValueFactory = _ => "test/key" };
        var size = new Option<long>("--size") { Description = "Object size in bytes.", DefaultValueFactory = _ => 1024 };
        var region = new Option<string>("--region") { Description = "Region of the bucket.", DefaultValueFactory = _ => "us-east-1" };
        var command = new Command(name, description) { bucket, key, size, region };
        command.SetAction(parse =>
        {
            Console.WriteLine(S3EventGenerator.Generate(eventName, parse.GetValue(bucket)!, parse.GetValue(key)!,
                parse.GetValue(size), parse.GetValue(region)!, DateTimeOffset.UtcNow));
            return 0;
        });
        return command;
    }
}
