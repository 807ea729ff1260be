using NetArchTest.Rules;
using Sluice.Catalog;

namespace Sluice.Tests.Architecture;

/// <summary>The catalog is one seam: only Catalog/ knows the engine, so a second engine is a second implementation.</summary>
public sealed class CatalogSeamTests
{
    [Fact]
    public void Capabilities_OutsideCatalog_DoNotDependOnSqlite()
    {
        var result = Types.InAssembly(typeof(ICatalog).Assembly)
            .That().DoNotResideInNamespace("Sluice.Catalog")
            .ShouldNot().HaveDependencyOn("Microsoft.Data.Sqlite")
            .GetResult();

        Assert.True(result.IsSuccessful, "SQLite types used outside Catalog/: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Capabilities_OutsideCatalog_DependOnTheSeamNotTheSqliteCatalog()
    {
        var result = Types.InAssembly(typeof(ICatalog).Assembly)
            .That().DoNotResideInNamespace("Sluice.Catalog")
            .ShouldNot().HaveDependencyOn(typeof(SqliteCatalog).FullName)
            .GetResult();

        Assert.True(result.IsSuccessful, "SqliteCatalog used outside Catalog/: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
