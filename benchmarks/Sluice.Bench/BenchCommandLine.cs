using System.CommandLine;
using Sluice.Bench.Events;
using Sluice.Bench.Functions;
using Sluice.Bench.Sqs;
using Sluice.Bench.Storage;

namespace Sluice.Bench;

/// <summary>The benchmark commands; each prints its figures beside a baseline measured in the same run.</summary>
public static class BenchCommandLine
{
    public static RootCommand Build()
    {
        var quick = new Option<bool>("--quick")
        {
            Description = "A short smoke run (about 20 s) instead of the full one (under 3 minutes).",
            Recursive = true,
        };
        var json = new Option<string?>("--json")
        {
            Description = "Also write the figures to this JSON file.",
            Recursive = true,
        };
        var root = new RootCommand("Sluice benchmarks: figures side by side with a baseline measured in the same run.")
        {
            quick, json,
        };
        BenchOptions Options(ParseResult parse) => new(parse.GetValue(quick), parse.GetValue(json));

        var objects = new Option<string[]>("--objects")
        {
            Description = "Only the workloads of these object sizes (1KiB, 1MiB, 64MiB), e.g. to profile one of them.",
            AllowMultipleArgumentsPerToken = true,
        };
        var storage = new Command("storage", "Start-up, memory, and S3 PUT/GET against Sluice and a bare Kestrel file server (the floor).")
        {
            objects,
        };
        storage.SetAction((parse, cancellationToken) =>
            StorageBenchmark.RunAsync(Options(parse), parse.GetValue(objects) ?? [], cancellationToken));
        root.Subcommands.Add(storage);

        var functions = new Command("functions", "Warm and cold invoke latency, throughput and environment memory of a no-op Node.js function.");
        functions.SetAction((parse, cancellationToken) =>
            FunctionsBenchmark.RunAsync(Console.Out, Options(parse).Quick ? TimeSpan.FromSeconds(1) : null, cancellationToken));
        root.Subcommands.Add(functions);

        var events = new Command("events", "S3 events to a no-op Node.js function: ack-to-handler latency, events/s, upload throughput with and without a notification.");
        events.SetAction((parse, cancellationToken) => EventsBenchmark.RunAsync(Console.Out, Options(parse).Quick, cancellationToken));
        root.Subcommands.Add(events);

        var sqs = new Command("sqs", "SQS JSON protocol: sends (1 and 8 clients, batches), send-receive-delete cycles and long-poll wake latency, beside moto's server.");
        sqs.SetAction((parse, cancellationToken) => SqsBenchmark.RunAsync(Console.Out, Options(parse).Quick, cancellationToken));
        root.Subcommands.Add(sqs);

        root.Subcommands.Add(FloorServer.Command());
        return root;
    }
}
