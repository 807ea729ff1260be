namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>One server shared by every test in the collection; tests use their own bucket names.</summary>
public sealed class SluiceServerFixture : IAsyncLifetime
{
    public SluiceProcess Server { get; } = new();

    public string Endpoint => Server.Endpoint;

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A bucket name no other test uses.</summary>
    public static string UniqueBucket(string purpose) =>
        $"{purpose}-{Guid.NewGuid():N}"[..Math.Min(63, purpose.Length + 33)].ToLowerInvariant();
}

[CollectionDefinition(Name)]
public sealed class SluiceCollection : ICollectionFixture<SluiceServerFixture>
{
    public const string Name = "sluice server";
}
