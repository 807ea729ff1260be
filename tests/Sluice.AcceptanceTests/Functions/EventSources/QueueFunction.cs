using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions.EventSources;

/// <summary>One batch as the queue handler wrote it down.</summary>
public sealed record ReceivedBatch(long StartMs, long EndMs, IReadOnlyList<ReceivedMessage> Messages);

public sealed record ReceivedMessage(string Id, string Body, int ReceiveCount, string? Group, string? Sequence);

/// <summary>
/// A Node.js handler for SQS batches that appends each batch it gets (start, end, every record) as one JSON line to a
/// file of the test's own. The bodies steer it, on a message's first delivery only: "fail…" is reported as a batch
/// item failure, "bogus…" makes it answer with an identifier that is not in the batch; "throw…" makes it throw on
/// every delivery. DELAY_MS makes each batch last that long.
/// </summary>
public sealed class QueueFunction
{
    private const string Handler = """
        const fs = require('fs');
        exports.handler = async (event) => {
          const start = Date.now();
          const delay = Number(process.env.DELAY_MS || 0);
          if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
          const records = event.Records.map((r) => ({ id: r.messageId, body: r.body, count: Number(r.attributes.ApproximateReceiveCount),
            group: r.attributes.MessageGroupId || null, sequence: r.attributes.SequenceNumber || null }));
          fs.appendFileSync(process.env.RECORD_FILE, JSON.stringify({ start, end: Date.now(), records }) + '\n');
          const first = records.filter((r) => r.count === 1);
          if (records.some((r) => r.body.startsWith('throw'))) throw new Error('refused by the test');
          if (first.some((r) => r.body.startsWith('bogus'))) return { batchItemFailures: [{ itemIdentifier: 'not-in-the-batch' }] };
          return { batchItemFailures: first.filter((r) => r.body.startsWith('fail')).map((r) => ({ itemIdentifier: r.id })) };
        };
        """;

    private QueueFunction(string name, string recordFile)
    {
        Name = name;
        RecordFile = recordFile;
    }

    public string Name { get; }
    public string RecordFile { get; }

    public static async Task<QueueFunction> CreateAsync(AwsCli cli, string purpose, int delayMs = 0)
    {
        var folder = Directory.CreateTempSubdirectory("sluice-esm-").FullName;
        var function = new QueueFunction(FunctionsServerFixture.UniqueName(purpose), Path.Combine(folder, "batches.jsonl"));
        await cli.RunOkAsync("lambda", "create-function", "--function-name", function.Name, "--runtime", "nodejs20.x",
            "--handler", "index.handler", "--role", FunctionsServerFixture.Role, "--timeout", "30",
            "--zip-file", "fileb://" + FunctionsServerFixture.Zip(new Dictionary<string, string> { ["index.js"] = Handler }),
            "--environment", $"Variables={{RECORD_FILE={function.RecordFile},DELAY_MS={delayMs}}}");
        return function;
    }

    /// <summary>Every batch recorded so far (a line being appended is left for the next read).</summary>
    public IReadOnlyList<ReceivedBatch> Batches()
    {
        if (!File.Exists(RecordFile)) return [];
        var text = File.ReadAllText(RecordFile);
        return [.. text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var root = JsonDocument.Parse(line).RootElement;
            return new ReceivedBatch(root.GetProperty("start").GetInt64(), root.GetProperty("end").GetInt64(),
                [.. root.GetProperty("records").EnumerateArray().Select(r => new ReceivedMessage(r.GetProperty("id").GetString()!,
                    r.GetProperty("body").GetString()!, r.GetProperty("count").GetInt32(), r.GetProperty("group").GetString(),
                    r.GetProperty("sequence").GetString()))]);
        })];
    }

    public IReadOnlyList<ReceivedMessage> Messages() => [.. Batches().SelectMany(batch => batch.Messages)];

    public async Task<IReadOnlyList<ReceivedBatch>> WaitForMessagesAsync(int count, string what, int timeoutSeconds = 60)
    {
        await Poll.UntilAsync(() => Messages().Count >= count, TimeSpan.FromSeconds(timeoutSeconds),
            () => $"{Name} to receive {count} messages ({what}); it has {Messages().Count}");
        return Batches();
    }

    /// <summary>The most batches that ran at the same time (a batch that starts as another ends does not overlap it).</summary>
    public int MostAtOnce()
    {
        var edges = Batches().SelectMany(b => new[] { (Time: b.StartMs, Change: 1), (Time: b.EndMs, Change: -1) })
            .OrderBy(edge => edge.Time).ThenBy(edge => edge.Change);
        int running = 0, most = 0;
        foreach (var (_, change) in edges)
            most = Math.Max(most, running += change);
        return most;
    }
}
