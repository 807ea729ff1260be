using System.Text.RegularExpressions;

namespace Sluice.AcceptanceTests.Readme;

/// <summary>The fenced `sh` blocks of a Markdown file, each with the heading it stands under.</summary>
public static partial class MarkdownBlocks
{
    public sealed record Block(string Heading, string Code);

    public static IReadOnlyList<Block> ShellBlocks(string markdown)
    {
        var blocks = new List<Block>();
        var heading = "";
        foreach (Match match in HeadingOrBlock().Matches(markdown))
        {
            if (match.Groups["heading"].Success) heading = match.Groups["heading"].Value.Trim();
            else blocks.Add(new Block(heading, match.Groups["code"].Value));
        }
        return blocks;
    }

    /// <summary>The blocks under a heading; the test fails with what the file has when there are none.</summary>
    public static IReadOnlyList<Block> Under(IReadOnlyList<Block> blocks, string heading)
    {
        var found = blocks.Where(block => block.Heading == heading).ToList();
        Assert.True(found.Count > 0, $"no sh block under '## {heading}'; blocks are under: {string.Join(", ", blocks.Select(b => b.Heading))}");
        return found;
    }

    [GeneratedRegex(@"^#{1,6} (?<heading>[^\n]+)$|^```sh\n(?<code>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex HeadingOrBlock();
}
