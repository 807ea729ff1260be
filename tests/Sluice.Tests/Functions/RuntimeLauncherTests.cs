using Sluice.Functions;
using Sluice.Functions.Definitions;
using Sluice.Functions.Environments;

namespace Sluice.Tests.Functions;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class RuntimeLauncherTests
{
    private static FunctionDefinition Custom(string folder) => new()
    {
        Name = "f",
        Runtime = "provided.al2023",
        Role = "r",
        Handler = "bootstrap",
        CodeSha256 = "",
        CodePath = folder,
        LastModified = DateTimeOffset.UtcNow,
        RevisionId = "1",
    };

    private static (string Folder, string Bootstrap) FolderWithExecutableBootstrap()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-launch-").FullName;
        var bootstrap = Path.Combine(folder, "bootstrap");
        File.WriteAllText(bootstrap, "#!/bin/sh\n");
        File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return (folder, bootstrap);
    }

    [Fact]
    public void CreateStartInfo_CustomRuntimeWithoutBootstrap_IsInvalidEntrypoint()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-launch-").FullName;
        var error = Assert.Throws<EnvironmentStartException>(() => RuntimeLauncher.CreateStartInfo(Custom(folder)));
        Assert.Equal("Runtime.InvalidEntrypoint", error.ErrorType);
        Assert.Contains("no such file or directory", error.Message);

        File.WriteAllText(Path.Combine(folder, "bootstrap"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(folder, "bootstrap"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        error = Assert.Throws<EnvironmentStartException>(() => RuntimeLauncher.CreateStartInfo(Custom(folder)));
        Assert.Contains("permission denied", error.Message);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void CreateStartInfo_ExecutableBootstrap_RunsThroughShellWithStderrOnStdout()
    {
        var (folder, bootstrap) = FolderWithExecutableBootstrap();

        var start = RuntimeLauncher.CreateStartInfo(Custom(folder));
        Assert.Equal("/bin/sh", start.FileName);
        Assert.Equal(["-c", "exec \"$@\" 2>&1", "sluice-runtime", bootstrap], start.ArgumentList);
        Assert.True(start.RedirectStandardOutput);
        Assert.False(start.RedirectStandardError);
        Assert.Equal(folder, start.WorkingDirectory);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void CreateStartInfo_Background_RunsTheRuntimeUnderNice()
    {
        var (folder, bootstrap) = FolderWithExecutableBootstrap();

        var start = RuntimeLauncher.CreateStartInfo(Custom(folder), background: true);
        Assert.Equal(["-n", "10", bootstrap], start.ArgumentList.Skip(4));
        Assert.EndsWith("/nice", start.ArgumentList[3]);
        Directory.Delete(folder, recursive: true);
    }
}
