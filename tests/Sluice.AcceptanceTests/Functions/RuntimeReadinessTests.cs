using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

public sealed class RuntimeReadinessTests
{
    [Fact]
    public async Task Server_PathWithoutNode_StartsAndWarnsInOneLineNamingNodeAndTheFix()
    {
        var emptyPath = Directory.CreateTempSubdirectory("sluice-empty-path-").FullName;
        await using var server = new SluiceProcess { Environment = new Dictionary<string, string?> { ["PATH"] = emptyPath } };
        await server.StartAsync();

        var warning = "";
        await Poll.UntilAsync(() =>
        {
            warning = server.Output.Split('\n').FirstOrDefault(line => line.Contains("node is not on PATH")) ?? "";
            return warning.Length > 0;
        }, TimeSpan.FromSeconds(30), "the start-up warning about node");

        Assert.Equal("sluice: warning: nodejs runtimes unavailable: node is not on PATH; install Node.js 20 or later (https://nodejs.org) and restart sluice",
            warning.TrimEnd('\r'));
        Assert.Contains("sluice listening on", server.Output);
    }
}
