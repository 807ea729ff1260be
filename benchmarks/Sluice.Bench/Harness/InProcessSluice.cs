using Sluice.Hosting;

namespace Sluice.Bench.Harness;

/// <summary>
/// A Sluice server in the benchmark's own process, on a free loopback port with the default test credentials: for
/// benchmarks whose client and server share the measured CPU (events, functions, SQS). Disposing stops it.
/// </summary>
public sealed class InProcessSluice : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessSluice(WebApplication app)
    {
        _app = app;
        Endpoint = new Uri(app.Urls.First());
    }

    public Uri Endpoint { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<InProcessSluice> StartAsync(string dataPath, CancellationToken cancellationToken)
    {
        var app = SluiceServer.Build(new SluiceOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            DataPath = dataPath,
            AccessKey = "test",
            SecretKey = "test",
            CredentialsAreDefault = true,
        });
        await app.StartAsync(cancellationToken);
        return new InProcessSluice(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
