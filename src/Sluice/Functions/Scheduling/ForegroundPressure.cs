using System.Diagnostics.Metrics;
using System.Globalization;

namespace Sluice.Functions.Scheduling;

/// <summary>
/// Whether queued (async) work should give way to requests: several requests are being served and the machine's
/// CPU is all in use. Events can wait in their durable queue; the requests' clients are waiting now. Requests are
/// counted from ASP.NET Core's own <c>http.server.active_requests</c> (the server's requests only: the environments'
/// Runtime API listeners are not hosted apps); the CPU from /proc/stat, read at most every 100 ms. The machine counts
/// as saturated from 75 % busy until it falls below 40 %: work that gives way frees CPU, and without the gap it would
/// come straight back and take the requests' CPU again (requests that wait on fsyncs leave CPU idle between them).
/// </summary>
public sealed class ForegroundPressure : IDisposable
{
    /// <summary>One request at a time is not contention: it is, for one, an upload whose event is about to run.</summary>
    private const int ConcurrentRequests = 2;
    private const double SaturatedFrom = 0.75;
    private const double SaturatedUntil = 0.4;

    /// <summary>
    /// Requests come and go in waves (a group commit answers several at once), so contention seen this recently still
    /// counts: a dispatch decided in the gap between two waves would otherwise see none.
    /// </summary>
    private static readonly TimeSpan ContentionMemory = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly Func<(long Busy, long Total)?> _readMachineCpu;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private long _activeRequests;
    private int _runningHandlers;
    private long _contendedAt = long.MinValue;
    private long _sampledAt = long.MinValue;
    private (long Busy, long Total)? _lastSample;
    private bool _saturated;

    public ForegroundPressure(TimeProvider time) : this(time, ReadMachineCpu, listenToServer: true)
    {
    }

    /// <param name="readMachineCpu">The machine's busy and total CPU ticks so far.</param>
    /// <param name="listenToServer">Count the requests ASP.NET Core reports; without it only <see cref="ActiveRequestsChanged"/> does.</param>
    internal ForegroundPressure(TimeProvider time, Func<(long Busy, long Total)?> readMachineCpu, bool listenToServer)
    {
        _time = time;
        _readMachineCpu = readMachineCpu;
        if (!listenToServer) return;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "Microsoft.AspNetCore.Hosting", Name: "http.server.active_requests" })
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, change, _, _) => ActiveRequestsChanged(change));
        _listener.Start();
    }

    /// <summary>A request started (+1) or finished (-1).</summary>
    internal void ActiveRequestsChanged(long change)
    {
        if (Interlocked.Add(ref _activeRequests, change) - Volatile.Read(ref _runningHandlers) >= ConcurrentRequests)
            Volatile.Write(ref _contendedAt, _time.GetTimestamp());
    }

    /// <summary>
    /// Queued invocations running now: a handler that calls S3 makes requests too (one at a time, say), and those
    /// are not requests to give way to.
    /// </summary>
    public int RunningHandlers
    {
        get => Volatile.Read(ref _runningHandlers);
        set => Volatile.Write(ref _runningHandlers, value);
    }

    /// <summary>True when other requests were served concurrently in the last moment, on a saturated machine.</summary>
    public bool IsHigh => Elapsed(Volatile.Read(ref _contendedAt)) < ContentionMemory && MachineSaturated();

    public void Dispose() => _listener.Dispose();

    private bool MachineSaturated()
    {
        lock (_gate)
        {
            if (Elapsed(_sampledAt) < SampleInterval)
                return _saturated;
            _sampledAt = _time.GetTimestamp();
            var sample = _readMachineCpu();
            if (sample is { } current && _lastSample is { } last && current.Total > last.Total)
            {
                var busy = (double)(current.Busy - last.Busy) / (current.Total - last.Total);
                _saturated = busy >= (_saturated ? SaturatedUntil : SaturatedFrom);
            }
            _lastSample = sample;
            return _saturated;
        }
    }

    private TimeSpan Elapsed(long since) => since == long.MinValue ? TimeSpan.MaxValue : _time.GetElapsedTime(since);

    /// <summary>The machine's busy and total CPU ticks (first line of /proc/stat), or null where there is none.</summary>
    private static (long Busy, long Total)? ReadMachineCpu()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            // cpu  user nice system idle iowait irq softirq steal
            var fields = (reader.ReadLine() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
            if (fields.Length < 8) return null;
            var total = fields.Sum();
            return (total - fields[3] - fields[4], total);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
