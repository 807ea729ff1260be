namespace Sluice.Catalog;

/// <summary>
/// The catalog seam: every capability reads and writes its tables through this, with portable SQL, and never
/// sees the engine underneath. SQLite (<see cref="SqliteCatalog"/>) is the embedded default.
/// </summary>
public interface ICatalog : IAsyncDisposable
{
    /// <summary>Runs <paramref name="work"/> inside the next group commit; completes once it is durable.</summary>
    Task<T> WriteAsync<T>(Func<CatalogConnection, T> work);

    /// <summary><see cref="WriteAsync{T}"/> without a result.</summary>
    Task WriteAsync(Action<CatalogConnection> work);

    /// <summary>
    /// A write whose loss in a power failure is harmless (what at-least-once work did, best-effort logs): it shares
    /// a durable write's commit when one comes soon, and otherwise commits without waiting for the disk.
    /// </summary>
    Task WriteWithoutSyncAsync(Action<CatalogConnection> work);

    /// <summary>
    /// A write whose loss in a power failure is harmless but whose caller waits for it (a lease that work is about to
    /// start on): it commits as soon as the writer is free, without waiting for the disk unless it shares a durable
    /// write's commit.
    /// </summary>
    Task<T> WriteNowWithoutSyncAsync<T>(Func<CatalogConnection, T> work);

    /// <summary>Runs a read on a pooled connection; reads proceed beside the writer.</summary>
    T Read<T>(Func<CatalogConnection, T> work);
}
