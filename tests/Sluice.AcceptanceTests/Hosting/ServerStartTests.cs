using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Hosting;

public class ServerStartTests
{
    [Fact]
    public async Task Start_OnLoopbackWithoutKeys_SaysDefaultCredentialsAndIsHealthy()
    {
        await using var server = new SluiceProcess();
        await server.StartAsync();
        Assert.Contains("default credentials test/test", server.Output);
    }

    [Fact]
    public async Task Start_BeyondLoopbackWithoutKeys_RefusesWithMessage()
    {
        var result = await ProcessRunner.RunAsync("dotnet",
            [SluiceProcess.SluiceDll, "server", "--host", "0.0.0.0", "--port", "0", "--data", Path.GetTempPath()],
            new Dictionary<string, string?> { ["SLUICE_ACCESS_KEY_ID"] = null, ["SLUICE_SECRET_ACCESS_KEY"] = null });
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("refusing to listen on 0.0.0.0", result.Stderr);
    }
}
