using System.Security.Cryptography;

namespace Sluice.Bench.Storage;

/// <summary>
/// Objects of one size: the body every PUT sends (random bytes, so nothing compresses or dedupes), its
/// SHA-256 (the signed payload hash, computed once so the client does not hash on every request) and
/// the ring of keys the PUTs cycle through, which bounds the disk space a run takes.
/// </summary>
public sealed class ObjectSet
{
    public const string Bucket = "bench";

    public ObjectSet(string label, int bytes, int keyCount)
    {
        Label = label;
        var body = GC.AllocateUninitializedArray<byte>(bytes);
        new Random(bytes).NextBytes(body);
        Body = body;
        Sha256Hex = Convert.ToHexStringLower(SHA256.HashData(body));
        CompactLabel = label.Replace(" ", "", StringComparison.Ordinal);
        var prefix = CompactLabel.ToLowerInvariant();
        Targets = Enumerable.Range(0, keyCount).Select(i => $"/{Bucket}/{prefix}-{i:D5}").ToArray();
    }

    /// <summary>"1 KiB", "64 MiB".</summary>
    public string Label { get; }

    /// <summary>"1KiB", "64MiB": the label as given on the command line.</summary>
    public string CompactLabel { get; }
    public ReadOnlyMemory<byte> Body { get; }
    public int Bytes => Body.Length;
    public string Sha256Hex { get; }

    /// <summary>Request targets, "/bench/1kib-00042".</summary>
    public IReadOnlyList<string> Targets { get; }
}
