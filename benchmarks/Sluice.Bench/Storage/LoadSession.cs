using System.Diagnostics;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Storage;

/// <summary>
/// The clients of one workload against one server: one keep-alive connection and one thread per client,
/// each sending its next request as soon as the last one is answered, until the window closes.
/// </summary>
public sealed class LoadSession : IDisposable
{
    private readonly StorageTarget _server;
    private readonly Workload _workload;
    private readonly RawHttpConnection[] _connections;
    private readonly int _keyCount;
    private long _issued;

    private LoadSession(StorageTarget server, Workload workload, int keyCount)
    {
        _server = server;
        _workload = workload;
        _keyCount = keyCount;
        _connections = Enumerable.Range(0, workload.Concurrency).Select(_ => new RawHttpConnection(server.Process.Endpoint)).ToArray();
    }

    /// <summary>Opens the clients; a GET session first reads one object back whole and compares its bytes.</summary>
    public static LoadSession Open(StorageTarget server, Workload workload)
    {
        var objects = workload.Objects;
        var keyCount = workload.Operation == Operation.Put ? objects.Targets.Count : server.StoredKeys(objects);
        if (keyCount == 0)
            throw new BenchmarkException($"{workload.Name} on {server.Kind.Name}: no {objects.Label} objects were stored before it.");
        var session = new LoadSession(server, workload, keyCount);
        if (workload.Operation == Operation.Get) session.VerifyOne();
        return session;
    }

    /// <summary>Runs the clients for <paramref name="window"/> (each sends at least one request).</summary>
    public async Task<RoundResult> RunAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var before = CpuUsage.Take(_server.Process);
        var deadline = before.Timestamp + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var samples = await RunClientThreadsAsync(deadline, cancellationToken);
        var cpu = CpuUsage.Take(_server.Process).Since(before);

        if (_workload.Operation == Operation.Put) _server.RecordStored(_workload.Objects, Interlocked.Read(ref _issued));
        var latencies = new LatencySample();
        foreach (var sample in samples) latencies.Add(sample);
        return new RoundResult(latencies.Count, (long)latencies.Count * _workload.Objects.Bytes, cpu, latencies);
    }

    public void Dispose()
    {
        foreach (var connection in _connections) connection.Dispose();
    }

    /// <summary>Runs one client per connection, each on a thread of its own; cancelling closes the connections.</summary>
    private async Task<LatencySample[]> RunClientThreadsAsync(long deadline, CancellationToken cancellationToken)
    {
        var threads = _connections
            .Select(connection => Task.Factory.StartNew(() => RunClient(connection, deadline, cancellationToken),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        using (cancellationToken.Register(Dispose))
        {
            try
            {
                return await Task.WhenAll(threads);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
    }

    private LatencySample RunClient(RawHttpConnection connection, long deadline, CancellationToken cancellationToken)
    {
        var latencies = new LatencySample();
        var objects = _workload.Objects;
        var put = _workload.Operation == Operation.Put;
        do
        {
            var index = Interlocked.Increment(ref _issued) - 1;
            var target = objects.Targets[(int)(index % _keyCount)];
            var headers = _server.Signer.Sign(put ? HttpMethod.Put : HttpMethod.Get, target,
                put ? objects.Sha256Hex : S3RequestSigner.EmptyPayloadHash);
            var started = Stopwatch.GetTimestamp();
            var answer = connection.Send(put ? "PUT" : "GET", target, headers, put ? objects.Body.Span : [], []);
            latencies.Add(Stopwatch.GetTimestamp() - started);
            Check(answer, target, put ? 0 : objects.Bytes);
        }
        while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested);
        return latencies;
    }

    private void VerifyOne()
    {
        var objects = _workload.Objects;
        var target = objects.Targets[0];
        var copy = new byte[objects.Bytes];
        var headers = _server.Signer.Sign(HttpMethod.Get, target, S3RequestSigner.EmptyPayloadHash);
        var answer = _connections[0].Send("GET", target, headers, [], copy);
        Check(answer, target, objects.Bytes);
        if (!objects.Body.Span.SequenceEqual(copy))
            throw new BenchmarkException($"GET {target} from {_server.Kind.Name} returned other bytes than were PUT.");
    }

    private void Check(HttpAnswer answer, string target, long expectedLength)
    {
        if (!answer.IsSuccess)
            throw new BenchmarkException($"{_workload.Name} {target} on {_server.Kind.Name} answered {answer.Status}: {answer.ErrorText}");
        if (answer.BodyLength != expectedLength)
            throw new BenchmarkException($"{_workload.Name} {target} on {_server.Kind.Name} sent {answer.BodyLength} body bytes, not {expectedLength}.");
    }
}
