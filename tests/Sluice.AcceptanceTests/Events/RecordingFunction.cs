using System.Text.Json;
using Sluice.AcceptanceTests.Functions;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Events;

/// <summary>One invocation as the recording handler wrote it down.</summary>
public sealed record ReceivedEvent(JsonElement Event, long StartMs, long EndMs, int Pid)
{
    /// <summary>The single record S3 puts in each message.</summary>
    public JsonElement Record => Assert.Single(Event.GetProperty("Records").EnumerateArray());
    public string EventName => Record.GetProperty("eventName").GetString()!;
    public JsonElement Object => Record.GetProperty("s3").GetProperty("object");
    public string Key => Object.GetProperty("key").GetString()!;
    public string? Sequencer => Object.TryGetProperty("sequencer", out var value) ? value.GetString() : null;
}

/// <summary>
/// A Node.js function that appends every event it receives, with its start and end times and its
/// process id, as one JSON line to a file of the test's own: the test reads exactly what arrived.
/// DELAY_MS makes each invocation last that long (for the concurrency tests); FAIL makes it throw after recording,
/// FAIL_FIRST only the first time it is invoked.
/// </summary>
public sealed class RecordingFunction
{
    private const string Handler = """
        const fs = require('fs');
        exports.handler = async (event) => {
          const start = Date.now();
          const delay = Number(process.env.DELAY_MS || 0);
          if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
          const line = JSON.stringify({ event, start, end: Date.now(), pid: process.pid }) + '\n';
          const first = !fs.existsSync(process.env.RECORD_FILE);
          fs.appendFileSync(process.env.RECORD_FILE, line);
          if (process.env.FAIL === 'true' || (process.env.FAIL_FIRST === 'true' && first)) throw new Error('refused by the test');
        };
        """;

    private RecordingFunction(AwsCli cli, string name, string recordFile, int delayMs, bool fail, bool failFirst)
    {
        _failFirst = failFirst;
        _cli = cli;
        Name = name;
        RecordFile = recordFile;
        _delayMs = delayMs;
        _fail = fail;
    }

    private readonly AwsCli _cli;
    private readonly int _delayMs;
    private readonly bool _fail;
    private readonly bool _failFirst;

    public string Name { get; }
    public string Arn => $"arn:aws:lambda:us-east-1:000000000000:function:{Name}";
    public string RecordFile { get; }

    public static async Task<RecordingFunction> CreateAsync(AwsCli cli, string purpose, int delayMs = 0, bool fail = false, bool failFirst = false)
    {
        var function = Define(cli, purpose, delayMs, fail, failFirst);
        await function.CreateAsync();
        return function;
    }

    /// <summary>Names the function and its record file without creating it yet.</summary>
    public static RecordingFunction Define(AwsCli cli, string purpose, int delayMs = 0, bool fail = false, bool failFirst = false)
    {
        var folder = Directory.CreateTempSubdirectory("sluice-events-").FullName;
        return new RecordingFunction(cli, FunctionsServerFixture.UniqueName(purpose), Path.Combine(folder, "received.jsonl"), delayMs, fail, failFirst);
    }

    /// <summary>Creates the function (or creates it again after a delete) with its name and record file.</summary>
    public Task CreateAsync() =>
        _cli.RunOkAsync("lambda", "create-function", "--function-name", Name, "--runtime", "nodejs20.x",
            "--handler", "index.handler", "--role", FunctionsServerFixture.Role, "--timeout", "30",
            "--zip-file", "fileb://" + FunctionsServerFixture.Zip(new Dictionary<string, string> { ["index.js"] = Handler }),
            "--environment", $"Variables={{RECORD_FILE={RecordFile},DELAY_MS={_delayMs},FAIL={(_fail ? "true" : "false")},FAIL_FIRST={(_failFirst ? "true" : "false")}}}");

    /// <summary>Every complete line written so far (a line being appended is left for the next read).</summary>
    public IReadOnlyList<ReceivedEvent> Received()
    {
        if (!File.Exists(RecordFile)) return [];
        var text = File.ReadAllText(RecordFile);
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return [.. complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var root = JsonDocument.Parse(line).RootElement;
            return new ReceivedEvent(root.GetProperty("event").Clone(), root.GetProperty("start").GetInt64(),
                root.GetProperty("end").GetInt64(), root.GetProperty("pid").GetInt32());
        })];
    }

    public async Task<IReadOnlyList<ReceivedEvent>> WaitForAsync(int count, string what, int timeoutSeconds = 60)
    {
        await Poll.UntilAsync(() => Received().Count >= count, TimeSpan.FromSeconds(timeoutSeconds),
            () => $"{Name} to receive {count} events ({what}); it has {Received().Count}");
        return Received();
    }
}
