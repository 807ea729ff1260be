using Sluice.Functions;
using Sluice.Functions.Environments;

namespace Sluice.Tests.Functions;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RuntimeReadinessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-readiness-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    /// <summary>A PATH folder holding the given programs; a program's text is its shell script.</summary>
    private string Programs(params (string Name, string Script)[] programs)
    {
        var bin = Folder("bin-" + Guid.NewGuid().ToString("N")[..6]);
        foreach (var (name, script) in programs)
        {
            var file = Path.Combine(bin, name);
            File.WriteAllText(file, "#!/bin/sh\n" + script + "\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return bin;
    }

    private string NodeModulesWithSdk()
    {
        var modules = Folder("with-sdk/node_modules");
        Directory.CreateDirectory(Path.Combine(modules, "@aws-sdk", "client-s3"));
        File.WriteAllText(Path.Combine(modules, "@aws-sdk", "client-s3", "package.json"), "{}");
        return modules;
    }

    private string RuntimesWithDotnetHost()
    {
        var runtimes = Folder("runtimes");
        Directory.CreateDirectory(Path.Combine(runtimes, "dotnet"));
        File.WriteAllText(Path.Combine(runtimes, "dotnet", "Sluice.Functions.Runtime.dll"), "");
        return runtimes;
    }

    private static Task<IReadOnlyList<string>> ProblemsAsync(RuntimeReadiness.Machine machine) =>
        RuntimeReadiness.ProblemsAsync(machine, CancellationToken.None);

    [Fact]
    public async Task ProblemsAsync_EverythingPresent_ReportsNothing()
    {
        var path = Programs(("node", "echo v20.11.1"), ("python3", ""), ("dotnet", ""));

        var problems = await ProblemsAsync(new(path, [NodeModulesWithSdk()], RuntimesWithDotnetHost(), null));

        Assert.Empty(problems);
    }

    [Fact]
    public async Task ProblemsAsync_NothingOnPath_NamesEachMissingProgramAndItsFix()
    {
        var problems = await ProblemsAsync(new(Programs(), [NodeModulesWithSdk()], RuntimesWithDotnetHost(), null));

        Assert.Collection(problems,
            node => Assert.Equal("nodejs runtimes unavailable: node is not on PATH; install Node.js 20 or later (https://nodejs.org) and restart sluice", node),
            python => Assert.StartsWith("python runtimes unavailable: python3 is not on PATH; install Python 3.9 or later", python),
            dotnet => Assert.StartsWith("dotnet runtimes unavailable: dotnet is not on PATH; install the .NET 10 runtime", dotnet));
    }

    [Fact]
    public async Task ProblemsAsync_NodeOlderThanTheRuntimesNeed_SaysWhichVersionAndWhatToInstall()
    {
        var path = Programs(("node", "echo v18.19.1"), ("python3", ""), ("dotnet", ""));

        var problem = Assert.Single(await ProblemsAsync(new(path, [NodeModulesWithSdk()], RuntimesWithDotnetHost(), null)));

        Assert.Equal($"nodejs runtimes: {path}/node is v18.19.1, older than the 20 they need; install Node.js 20 or later (https://nodejs.org)", problem);
    }

    [Fact]
    public async Task ProblemsAsync_SdkMissingFromSourceTreeBuild_GivesNpmCiBesideTheLockFile()
    {
        var path = Programs(("node", "echo v22.3.0"), ("python3", ""), ("dotnet", ""));
        var tree = Folder("src/Sluice/Functions/runtimes/node");
        File.WriteAllText(Path.Combine(tree, "package-lock.json"), "{}");
        var modules = Path.Combine(tree, "node_modules");

        var problem = Assert.Single(await ProblemsAsync(new(path, [modules], RuntimesWithDotnetHost(), modules)));

        Assert.Equal($"nodejs runtimes: the AWS SDK for JavaScript is missing (handlers that require @aws-sdk/* fail); install it with: cd {tree} && npm ci", problem);
    }

    [Fact]
    public async Task ProblemsAsync_SdkMissingOutsideTheSourceTree_GivesTheInstallScript()
    {
        var path = Programs(("node", "echo v22.3.0"), ("python3", ""), ("dotnet", ""));
        var runtimes = RuntimesWithDotnetHost();

        var problem = Assert.Single(await ProblemsAsync(new(path, [Path.Combine(runtimes, "node", "node_modules")], runtimes, "/gone/runtimes/node/node_modules")));

        Assert.EndsWith($"install it with: bash {runtimes}/node/install-sdk.sh", problem);
    }
}
