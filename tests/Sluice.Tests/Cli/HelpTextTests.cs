using System.CommandLine;
using System.Text.RegularExpressions;
using Sluice.Cli;

namespace Sluice.Tests.Cli;

public partial class HelpTextTests
{
    /// <summary>Every command's path, from `sluice` down, e.g. ["events", "generate", "s3-put"].</summary>
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        void Walk(Command command, string path)
        {
            data.Add(path);
            foreach (var child in command.Subcommands)
                Walk(child, (path + " " + child.Name).Trim());
        }
        Walk(SluiceCommandLine.Build(), "");
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_AnyCommand_DescribesOnlyWhatExists(string path)
    {
        var help = Help(path);

        Assert.DoesNotMatch(NotBuilt(), help);
    }

    [Fact]
    public void Help_Root_NamesStorageFunctionsQueuesAndEvents()
    {
        var help = Help("");

        Assert.Contains("S3-compatible object storage", help);
        Assert.Contains("Lambda-compatible functions", help);
        Assert.Contains("SQS-compatible queues", help);
        Assert.Contains("S3 events", help);
        Assert.Contains("--verbose", help);
    }

    private static string Help(string path)
    {
        var output = new StringWriter();
        var exitCode = SluiceCommandLine.Build().Parse([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"])
            .Invoke(new InvocationConfiguration { Output = output });
        Assert.Equal(0, exitCode);
        return output.ToString();
    }

    /// <summary>Capabilities of the design that are not built yet (queues are: SQS is served), which help must not promise.</summary>
    [GeneratedRegex(@"\b(topics?|event bus|bus|console)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotBuilt();
}
