using System.Net;
using System.Text.RegularExpressions;

namespace Sluice.Storage.Buckets;

/// <summary>S3's bucket naming rules for new buckets.</summary>
public static partial class BucketNames
{
    public static bool IsValid(string name) =>
        name.Length is >= 3 and <= 63
        && Shape().IsMatch(name)
        && !name.Contains("..")
        && !IPAddress.TryParse(name, out _)
        && !name.StartsWith("xn--", StringComparison.Ordinal)
        && !name.EndsWith("-s3alias", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    private static partial Regex Shape();
}
