using System.Text;
using System.Text.Json;

namespace Sluice.Patterns;

/// <summary>Many patterns against one event. Each pattern is filed under one exact-string field it requires
/// (hashed by path and value), so an event only tries the patterns filed under its own values, plus the few with no
/// such field; matching costs about the same with 1,000 patterns as with one. Safe for concurrent readers; writers
/// publish a new immutable index.</summary>
public sealed class PatternSet<T>
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private long _nextSequence;
    private volatile Snapshot _snapshot = Snapshot.Empty;

    public int Count => _snapshot.Count;

    public void Add(EventPattern pattern, T value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        lock (_gate)
        {
            _entries.Add(new Entry(pattern, value, _nextSequence++, IndexKey.Of(pattern)));
            _snapshot = Snapshot.Build(_entries);
        }
    }

    /// <summary>Removes every pattern added with <paramref name="value"/>.</summary>
    public bool Remove(T value)
    {
        lock (_gate)
        {
            var removed = _entries.RemoveAll(entry => EqualityComparer<T>.Default.Equals(entry.Value, value));
            if (removed == 0) return false;
            _snapshot = Snapshot.Build(_entries);
            return true;
        }
    }

    /// <summary>The values of the matching patterns, in the order they were added.</summary>
    public IReadOnlyList<T> Matching(JsonElement document)
    {
        var snapshot = _snapshot;
        List<Entry>? matched = null;
        foreach (var path in snapshot.Paths)
        {
            path.Probe(document, 0, document, ref matched);
        }
        foreach (var entry in snapshot.Unindexed)
        {
            if (entry.Pattern.Matches(document)) (matched ??= []).Add(entry);
        }
        if (matched is null) return [];
        if (matched.Count == 1) return [matched[0].Value];
        matched.Sort((left, right) => left.Sequence.CompareTo(right.Sequence));
        var values = new List<T>(matched.Count);
        for (var index = 0; index < matched.Count; index++)
        {
            // A pattern filed under several values is found once per value the event carries.
            if (index > 0 && matched[index].Sequence == matched[index - 1].Sequence) continue;
            values.Add(matched[index].Value);
        }
        return values;
    }

    private sealed record Entry(EventPattern Pattern, T Value, long Sequence, List<IndexKey> Keys);

    private sealed class Snapshot
    {
        public static readonly Snapshot Empty = new([], [], 0);

        private Snapshot(IndexedPath[] paths, Entry[] unindexed, int count)
        {
            Paths = paths;
            Unindexed = unindexed;
            Count = count;
        }

        public IndexedPath[] Paths { get; }
        public Entry[] Unindexed { get; }
        public int Count { get; }

        /// <summary>Files each entry under the key whose buckets are smallest so far, which spreads rules such as
        /// <c>{"source":["svc-N"],"detail-type":["T"]}</c> by source rather than piling them on one detail-type.</summary>
        public static Snapshot Build(List<Entry> entries)
        {
            var paths = new Dictionary<string, IndexedPath>(StringComparer.Ordinal);
            var unindexed = new List<Entry>();
            foreach (var entry in entries)
            {
                IndexKey? best = null;
                var bestLoad = int.MaxValue;
                foreach (var key in entry.Keys)
                {
                    var load = paths.TryGetValue(key.PathId, out var existing) ? existing.Load(key.Values) : 0;
                    if (load < bestLoad) (best, bestLoad) = (key, load);
                }
                if (best is null)
                {
                    unindexed.Add(entry);
                    continue;
                }
                if (!paths.TryGetValue(best.PathId, out var path)) paths[best.PathId] = path = new IndexedPath(best.Names);
                path.File(best.Values, entry);
            }
            return new Snapshot([.. paths.Values], [.. unindexed], entries.Count);
        }
    }

    private sealed class IndexedPath(string[] names)
    {
        private const int MaxArrayNesting = 16;

        private readonly byte[][] _names = [.. names.Select(Encoding.UTF8.GetBytes)];
        private readonly Dictionary<string, List<Entry>> _byValue = new(StringComparer.Ordinal);
        private Dictionary<string, List<Entry>>.AlternateLookup<ReadOnlySpan<char>> Lookup =>
            _byValue.GetAlternateLookup<ReadOnlySpan<char>>();

        public int Load(string[] values) => values.Max(value => _byValue.TryGetValue(value, out var bucket) ? bucket.Count : 0);

        public void File(string[] values, Entry entry)
        {
            foreach (var value in values)
            {
                if (!_byValue.TryGetValue(value, out var bucket)) _byValue[value] = bucket = [];
                bucket.Add(entry);
            }
        }

        /// <summary>Follows the path through objects (and through arrays, element by element) and tries the patterns
        /// filed under each string found at its end.</summary>
        public void Probe(JsonElement element, int depth, JsonElement document, ref List<Entry>? matched, int arrayDepth = 0)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                if (arrayDepth >= MaxArrayNesting) return;
                foreach (var item in element.EnumerateArray()) Probe(item, depth, document, ref matched, arrayDepth + 1);
                return;
            }
            if (depth == _names.Length)
            {
                if (element.ValueKind == JsonValueKind.String) TryBucket(element, document, ref matched);
                return;
            }
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(_names[depth], out var next))
            {
                Probe(next, depth + 1, document, ref matched, arrayDepth);
            }
        }

        private void TryBucket(JsonElement value, JsonElement document, ref List<Entry>? matched)
        {
            Span<char> buffer = stackalloc char[JsonText.StackChars];
            if (!Lookup.TryGetValue(JsonText.Chars(value, buffer), out var bucket)) return;
            foreach (var entry in bucket)
            {
                if (entry.Pattern.Matches(document)) (matched ??= []).Add(entry);
            }
        }
    }
}
