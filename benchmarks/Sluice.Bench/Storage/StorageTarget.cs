using Sluice.Bench.Harness;

namespace Sluice.Bench.Storage;

/// <summary>A running server the workloads are measured against, and which objects it holds so far.</summary>
public sealed class StorageTarget : IAsyncDisposable
{
    public const string AccessKey = "test";
    public const string SecretKey = "test";
    public const string Region = "us-east-1";

    private readonly Dictionary<ObjectSet, int> _storedKeys = [];

    private StorageTarget(ServerKind kind, ChildProcess process)
    {
        Kind = kind;
        Process = process;
        Signer = new S3RequestSigner(process.Endpoint, AccessKey, SecretKey, Region);
    }

    public ServerKind Kind { get; }
    public ChildProcess Process { get; }
    public S3RequestSigner Signer { get; }

    public static async Task<StorageTarget> StartAsync(
        ServerKind kind, string dataPath, string workingDirectory, CancellationToken cancellationToken)
    {
        var target = new StorageTarget(kind, await ChildProcess.StartAsync(kind.Name, kind.Arguments(dataPath), workingDirectory, cancellationToken));
        try
        {
            if (kind.NeedsBucket) target.CreateBucket();
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
        return target;
    }

    /// <summary>How many keys of <paramref name="objects"/>' ring hold an object (the first ones: PUTs fill the ring in order).</summary>
    public int StoredKeys(ObjectSet objects) => _storedKeys.GetValueOrDefault(objects);

    /// <summary>A PUT session that sent <paramref name="putsIssued"/> requests has filled the ring that far (from its start).</summary>
    public void RecordStored(ObjectSet objects, long putsIssued) =>
        _storedKeys[objects] = (int)Math.Max(StoredKeys(objects), Math.Min(putsIssued, objects.Targets.Count));

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private void CreateBucket()
    {
        using var connection = new RawHttpConnection(Process.Endpoint);
        var target = "/" + ObjectSet.Bucket;
        var headers = Signer.Sign(HttpMethod.Put, target, S3RequestSigner.EmptyPayloadHash);
        var answer = connection.Send("PUT", target, headers, [], []);
        if (!answer.IsSuccess)
            throw new BenchmarkException($"CreateBucket on {Kind.Name} answered {answer.Status}: {answer.ErrorText}");
    }
}
