using Microsoft.Extensions.Time.Testing;
using Sluice.Catalog;
using Sluice.Hosting;
using Sluice.Queueing;
using Sluice.Sqs;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;

namespace Sluice.Tests.Sqs;

/// <summary>SQS's stores on a catalog of their own, with a clock the test moves.</summary>
public sealed class SqsTestContext : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sqs-{Guid.NewGuid():N}.db");

    public SqsTestContext()
    {
        Catalog = new SqliteCatalog(_path, [QueueSchema.Schema, SqsSchema.Create()]);
        var options = new SluiceOptions { Host = "127.0.0.1", Port = 0, DataPath = Path.GetTempPath(), AccessKey = "test", SecretKey = "test" };
        Queues = new SqsQueueStore(Catalog, options, Time);
        Messages = new SqsMessageStore(Catalog, Queues, Time);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    public SqliteCatalog Catalog { get; }
    public SqsQueueStore Queues { get; }
    public SqsMessageStore Messages { get; }

    public Task<SqsQueue> CreateAsync(string name, params (string Name, string Value)[] attributes)
    {
        var requested = attributes.ToDictionary(a => a.Name, a => a.Value);
        if (name.EndsWith(".fifo", StringComparison.Ordinal)) requested[SqsQueueAttributes.FifoQueue] = "true";
        return Queues.CreateAsync(name, requested, new Dictionary<string, string>());
    }

    public async Task<SqsSent> SendAsync(SqsQueue queue, string body, string? group = null, string? deduplication = null, int? delay = null) =>
        (await Messages.SendAsync(queue, [new SqsNewMessage(body, new Dictionary<string, SqsMessageAttributeValue>(), null, delay, group, deduplication)], "sender"))[0];

    public Task<IReadOnlyList<SqsReceivedMessage>> ReceiveAsync(SqsQueue queue, int max = 10, int? visibility = null) =>
        Messages.ReceiveAsync(queue, max, visibility, TimeSpan.Zero, CancellationToken.None);

    public async Task<List<string>> BodiesAsync(SqsQueue queue, int max = 10, int? visibility = null) =>
        [.. (await ReceiveAsync(queue, max, visibility)).Select(message => message.Body)];

    public async ValueTask DisposeAsync()
    {
        await Catalog.DisposeAsync();
        File.Delete(_path);
    }
}
