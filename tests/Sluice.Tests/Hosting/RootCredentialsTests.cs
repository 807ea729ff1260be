using Sluice.Hosting;

namespace Sluice.Tests.Hosting;

public class RootCredentialsTests
{
    [Fact]
    public void Resolve_LoopbackWithoutKeys_UsesTestDefaults()
    {
        var credentials = RootCredentials.Resolve(null, null, "127.0.0.1");
        Assert.Equal(("test", "test", true), (credentials.AccessKey, credentials.SecretKey, credentials.AreDefault));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.0.2.10")]
    [InlineData("::")]
    public void Resolve_BeyondLoopbackWithoutKeys_Refuses(string host)
    {
        var credentials = RootCredentials.Resolve(null, null, host);
        Assert.NotNull(credentials.Error);
        Assert.Null(credentials.AccessKey);
    }

    [Fact]
    public void Resolve_OnlyOneKey_Refuses()
    {
        Assert.NotNull(RootCredentials.Resolve("AKID", null, "127.0.0.1").Error);
    }

    [Fact]
    public void Resolve_ExplicitKeysAnywhere_Accepted()
    {
        var credentials = RootCredentials.Resolve("AKID", "SECRET", "0.0.0.0");
        Assert.Equal(("AKID", "SECRET", false), (credentials.AccessKey, credentials.SecretKey, credentials.AreDefault));
    }
}
