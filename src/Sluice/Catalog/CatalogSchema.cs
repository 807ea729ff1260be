namespace Sluice.Catalog;

/// <summary>One capability's tables. Statements must be idempotent (CREATE … IF NOT EXISTS).</summary>
/// <param name="Upgrades">Columns that tables made by earlier versions lack; each is added where it is missing, then filled.</param>
/// <param name="AfterUpgrades">Idempotent statements that need the upgraded columns: moving the rows of a table that is replaced.</param>
public sealed record CatalogSchema(string Owner, string Sql, IReadOnlyList<ColumnUpgrade>? Upgrades = null, string? AfterUpgrades = null);

/// <summary>A column added after its table first shipped: added where missing, then <paramref name="Backfill"/> fills the old rows.</summary>
public sealed record ColumnUpgrade(string Table, string Column, string Definition, string? Backfill = null);
