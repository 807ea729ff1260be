namespace Sluice.Auth;

/// <summary>
/// Derived SigV4 signing keys, which change only with the date, region and service: deriving one takes
/// four HMACs, which would otherwise run on every request. The cache is a fixed set of slots because the
/// region and service come from the request before its signature is checked, so an unauthenticated
/// client must not be able to grow it.
/// </summary>
internal sealed class SigningKeyCache
{
    private const int Slots = 64;
    private readonly Entry?[] _entries = new Entry?[Slots];

    public byte[] Get(string secretKey, string date, string region, string service)
    {
        var slot = (int)((uint)HashCode.Combine(secretKey, date, region, service) % Slots);
        var entry = Volatile.Read(ref _entries[slot]);
        if (entry is not null && entry.Matches(secretKey, date, region, service))
            return entry.Key;
        var key = SigV4.SigningKey(secretKey, date, region, service);
        Volatile.Write(ref _entries[slot], new Entry(secretKey, date, region, service, key));
        return key;
    }

    private sealed record Entry(string SecretKey, string Date, string Region, string Service, byte[] Key)
    {
        public bool Matches(string secretKey, string date, string region, string service) =>
            SecretKey == secretKey && Date == date && Region == region && Service == service;
    }
}
