using System.Diagnostics;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Storage;

/// <summary>
/// The clients of one workload against one server: one keep-alive connection per client, each sending
/// its next request as soon as the last one is answered, until the window closes.
/// </summary>
public sealed class LoadSession : IAsyncDisposable
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
    public static async Task<LoadSession> OpenAsync(StorageTarget server, Workload workload, CancellationToken cancellationToken)
    {
        var objects = workload.Objects;
        var keyCount = workload.Operation == Operation.Put ? objects.Targets.Count : server.StoredKeys(objects);
        if (keyCount == 0)
            throw new BenchmarkException($"{workload.Name} on {server.Kind.Name}: no {objects.Label} objects were stored before it.");
        var session = new LoadSession(server, workload, keyCount);
        if (workload.Operation == Operation.Get) await session.VerifyOneAsync(cancellationToken);
        return session;
    }

    /// <summary>Runs the clients for <paramref name="window"/> (each sends at least one request).</summary>
    public async Task<RoundResult> RunAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var before = CpuUsage.Take(_server.Process);
        var deadline = before.Timestamp + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var samples = await Task.WhenAll(_connections.Select(connection => RunClientAsync(connection, deadline, cancellationToken)));
        var cpu = CpuUsage.Take(_server.Process).Since(before);

        if (_workload.Operation == Operation.Put) _server.RecordStored(_workload.Objects, Interlocked.Read(ref _issued));
        var latencies = new LatencySample();
        foreach (var sample in samples) latencies.Add(sample);
        return new RoundResult(latencies.Count, (long)latencies.Count * _workload.Objects.Bytes, cpu, latencies);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
    }

    private async Task<LatencySample> RunClientAsync(RawHttpConnection connection, long deadline, CancellationToken cancellationToken)
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
            var answer = await connection.SendAsync(put ? "PUT" : "GET", target, headers,
                put ? objects.Body : ReadOnlyMemory<byte>.Empty, Memory<byte>.Empty, cancellationToken);
            latencies.Add(Stopwatch.GetTimestamp() - started);
            Check(answer, target, put ? 0 : objects.Bytes);
        }
        while (Stopwatch.GetTimestamp() < deadline);
        return latencies;
    }

    private async Task VerifyOneAsync(CancellationToken cancellationToken)
    {
        var objects = _workload.Objects;
        var target = objects.Targets[0];
        var copy = new byte[objects.Bytes];
        var headers = _server.Signer.Sign(HttpMethod.Get, target, S3RequestSigner.EmptyPayloadHash);
        var answer = await _connections[0].SendAsync("GET", target, headers, ReadOnlyMemory<byte>.Empty, copy, cancellationToken);
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
