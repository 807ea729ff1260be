namespace Sluice.Catalog;

/// <summary>One capability's tables. Statements must be idempotent (CREATE … IF NOT EXISTS).</summary>
public sealed record CatalogSchema(string Owner, string Sql);
