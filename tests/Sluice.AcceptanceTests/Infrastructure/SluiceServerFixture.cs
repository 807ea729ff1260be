namespace Sluice.AcceptanceTests.Infrastructure;

/// <summary>One server shared by the tests of a class (classes run in parallel, each with its own); tests use their own bucket names.</summary>
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
