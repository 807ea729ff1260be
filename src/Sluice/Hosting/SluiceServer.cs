using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Sluice.Gateway;

namespace Sluice.Hosting;

/// <summary>Builds and runs the one web host that serves every protocol.</summary>
public static class SluiceServer
{
    /// <summary>How long requests in flight may take to finish once a stop was asked for, before they are cut off.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(SluiceOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var app = Build(options);
        try
        {
            using var signals = new ShutdownSignals(app.Lifetime);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException failure) when (failure.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await Console.Error.WriteLineAsync($"sluice: cannot listen on {options.Host}:{options.Port}: the address is already in use.");
                return 1;
            }
            var address = app.Urls.FirstOrDefault() ?? $"http://{options.Host}:{options.Port}";
            var credentialNote = options.CredentialsAreDefault ? " (default credentials test/test)" : "";
            Console.WriteLine(
                $"sluice listening on {address}{credentialNote}, data in {options.DataPath}, ready in {started.ElapsedMilliseconds} ms");
            await app.WaitForShutdownAsync(cancellationToken);
        }
        finally
        {
            // Disposing the services is what stops the execution environments and closes the catalog.
            await app.DisposeAsync();
        }
        Console.WriteLine("sluice: stopped");
        return 0;
    }

    public static WebApplication Build(SluiceOptions options)
    {
        // The content root would otherwise be the working directory, which the host watches recursively for
        // configuration changes: with the default ./.sluice data folder every blob write would wake the watcher.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // S3 allows a 5 GiB single PUT; the operations enforce S3's own limits.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
            // S3's 2 KB of user metadata may be spread over ~2000 short x-amz-meta-* headers; Kestrel's default
            // of 100 headers refused such a PUT with 431. The total size limit above still bounds the memory.
            kestrel.Limits.MaxRequestHeaderCount = 2200;
            // Request headers are read as UTF-8, which is what SDKs send for a Content-Disposition with "ü";
            // writing them back the same way keeps such an object readable (ASCII-only made GET and HEAD fail with 500).
            kestrel.ResponseHeaderEncodingSelector = _ => Encoding.UTF8;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(10));
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.WebHost.UseUrls($"http://{FormatHost(options.Host)}:{options.Port}");
        builder.Services.AddSluice(options);

        var app = builder.Build();
        app.MapSluice();
        return app;
    }

    private static string FormatHost(string host) => host.Contains(':') ? $"[{host}]" : host;
}
