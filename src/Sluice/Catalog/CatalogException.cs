namespace Sluice.Catalog;

/// <summary>A catalog failure in engine-neutral terms, so that each protocol can answer it with its own error.</summary>
public sealed class CatalogException(CatalogFailure failure, string message, Exception inner) : Exception(message, inner)
{
    public CatalogFailure Failure { get; } = failure;
}

public enum CatalogFailure
{
    /// <summary>The disk holding the catalog is full.</summary>
    StorageFull,

    /// <summary>The catalog was locked by another writer for longer than the busy timeout.</summary>
    Busy,

    /// <summary>A uniqueness, foreign-key or check constraint refused the change.</summary>
    Constraint,

    Other,
}
