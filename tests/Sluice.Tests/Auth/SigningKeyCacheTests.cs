using Sluice.Auth;

namespace Sluice.Tests.Auth;

public class SigningKeyCacheTests
{
    [Fact]
    public void Get_SameScopeTwice_DerivesOnceAndEqualsTheDerivedKey()
    {
        var cache = new SigningKeyCache();

        var first = cache.Get("secret", "20261127", "us-east-1", "s3");
        var second = cache.Get("secret", "20261127", "us-east-1", "s3");

        Assert.Same(first, second);
        Assert.Equal(SigV4.SigningKey("secret", "20261127", "us-east-1", "s3"), first);
    }

    [Fact]
    public void Get_ManyScopes_EachKeyMatchesItsOwnScope()
    {
        var cache = new SigningKeyCache();
        var scopes = Enumerable.Range(0, 500).Select(i => ($"2026{i % 12 + 1:00}01", $"region-{i}", i % 2 == 0 ? "s3" : "lambda")).ToList();

        foreach (var (date, region, service) in scopes.Concat(scopes))
            Assert.Equal(SigV4.SigningKey("secret", date, region, service), cache.Get("secret", date, region, service));
        Assert.NotEqual(cache.Get("secret", "20261127", "us-east-1", "s3"), cache.Get("other", "20261127", "us-east-1", "s3"));
    }
}
