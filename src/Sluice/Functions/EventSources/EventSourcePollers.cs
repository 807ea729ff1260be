using System.Collections.Concurrent;

namespace Sluice.Functions.EventSources;

/// <summary>
/// Keeps one <see cref="SqsPoller"/> running per enabled mapping: all of them once the server has started (so mappings
/// survive a restart), and each again whenever its mapping changes (a poller stops to take new settings, and a
/// disabled or deleted mapping's poller stops for good). Holds each mapping's <see cref="MappingStatus"/>.
/// </summary>
public sealed class EventSourcePollers : BackgroundService
{
    private readonly EventSourceServices _services;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<SqsPoller> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _batches = new();
    private bool _started;
    private bool _stopping;

    public EventSourcePollers(EventSourceServices services, IHostApplicationLifetime lifetime, ILogger<SqsPoller> logger)
    {
        _services = services;
        _lifetime = lifetime;
        _logger = logger;
        services.Mappings.Changed += OnChanged;
    }

    /// <summary>What the mapping's poller is doing, or null for a mapping no poller has run for since the server started.</summary>
    public MappingStatus? Status(string uuid)
    {
        lock (_gate)
            return _entries.GetValueOrDefault(uuid)?.Status;
    }

    /// <summary>Concurrent batches the mapping's poller may run now (it scales with the backlog).</summary>
    public int? Concurrency(string uuid)
    {
        lock (_gate)
            return _entries.GetValueOrDefault(uuid)?.Scaler.Target;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Functions need the server's endpoint, which exists once the server has started.
        var started = new TaskCompletionSource();
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        lock (_gate)
            _started = true;
        Reconcile();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        List<Task> receiving;
        lock (_gate)
        {
            _stopping = true;
            receiving = [.. _entries.Values.Where(e => e.Poller is not null).Select(e => e.Poller!.Running)];
            foreach (var entry in _entries.Values)
                entry.Poller?.Stop();
        }
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(receiving).WaitAsync(cancellationToken);
        // Batches that are running finish (or fail as the environments stop); what they did not delete comes back after its visibility timeout.
        await Task.WhenAll(_batches.Keys).WaitAsync(cancellationToken);
    }

    private void OnChanged(string uuid)
    {
        lock (_gate)
        {
            if (_entries.GetValueOrDefault(uuid)?.Poller is { } poller)
            {
                // Its exit starts the next one, with the new settings, if the mapping is still enabled.
                poller.Stop();
                return;
            }
        }
        Reconcile();
    }

    /// <summary>Starts a poller for every enabled mapping that has none; forgets the state of deleted mappings.</summary>
    private void Reconcile()
    {
        lock (_gate)
        {
            if (!_started || _stopping) return;
            var mappings = _services.Mappings.All();
            foreach (var mapping in mappings.Where(m => m.Enabled))
            {
                if (!_entries.TryGetValue(mapping.Uuid, out var entry))
                    _entries[mapping.Uuid] = entry = new Entry(new MappingStatus(), new ConcurrencyScaler(_services.Time));
                if (entry.Poller is null)
                    Start(mapping.Uuid, entry);
            }
            var current = mappings.Select(m => m.Uuid).ToHashSet(StringComparer.Ordinal);
            foreach (var (uuid, entry) in _entries.Where(e => !current.Contains(e.Key) && e.Value.Poller is null && e.Value.Status.RunningBatches == 0).ToList())
                _entries.Remove(uuid);
        }
    }

    private void Start(string uuid, Entry entry)
    {
        var poller = new SqsPoller(uuid, _services, entry.Status, entry.Scaler, Track, _logger);
        entry.Poller = poller;
        poller.Running.ContinueWith(_ =>
        {
            lock (_gate)
            {
                if (entry.Poller == poller)
                    entry.Poller = null;
            }
            Reconcile();
        }, TaskScheduler.Default);
    }

    private void Track(Task batch)
    {
        _batches.TryAdd(batch, 0);
        batch.ContinueWith(finished => _batches.TryRemove(finished, out _), TaskScheduler.Default);
    }

    private sealed class Entry(MappingStatus status, ConcurrencyScaler scaler)
    {
        public MappingStatus Status { get; } = status;
        public ConcurrencyScaler Scaler { get; } = scaler;
        public SqsPoller? Poller { get; set; }
    }
}
