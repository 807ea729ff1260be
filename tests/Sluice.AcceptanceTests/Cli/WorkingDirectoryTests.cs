using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Cli;

/// <summary>Paths on the command line mean the caller's folder, however sluice is started.</summary>
public sealed class WorkingDirectoryTests
{
    public enum Start { Launcher, DotnetRun }

    [Theory]
    [InlineData(Start.Launcher)]
    [InlineData(Start.DotnetRun)]
    public async Task Server_DefaultDataFolder_CreatedInCallersFolder(Start how)
    {
        using var caller = new TempFolder();
        var dataFolder = Path.Combine(caller.Path, ".sluice");
        await using var server = new SluiceProcess(dataFolder)
        {
            Command = how == Start.Launcher
                ? [SluiceCli.Launcher]
                : ["dotnet", "run", "--project", Path.Combine(SluiceProcess.RepositoryRoot, "src", "Sluice"), "-c", SluiceProcess.Configuration, "--no-build", "--"],
            WorkingDirectory = caller.Path,
            PassDataPath = false,
            // The launcher builds Release first if the build is missing or older than the sources.
            StartTimeout = TimeSpan.FromMinutes(3),
        };
        await server.StartAsync();

        Assert.Contains($"data in {dataFolder},", server.Output);
        Assert.True(File.Exists(Path.Combine(dataFolder, "catalog.db")), $"no catalog.db in {dataFolder}:\n{server.Output}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Invoke_RelativeCodeFolderAndEventFile_ResolvedAgainstCallersFolder(bool throughLauncher)
    {
        using var caller = new TempFolder();
        caller.WriteText("fn/index.js", "exports.handler = async (event) => ({ greeting: 'hello ' + event.name });");
        caller.WriteText("e.json", """{"name": "caller"}""");

        var result = await SluiceCli.RunAsync(["invoke", "./fn", "--handler", "index.handler", "--runtime", "nodejs20.x", "--event", "./e.json"],
            caller.Path, throughLauncher);

        Assert.Equal("""{"greeting":"hello caller"}""", result.EnsureSuccess("sluice invoke").Stdout.Trim());
    }
}
