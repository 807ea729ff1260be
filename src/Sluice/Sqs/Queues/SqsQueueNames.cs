namespace Sluice.Sqs.Queues;

/// <summary>Queue names, URLs and ARNs: the rules SQS applies to names and how Sluice addresses a queue.</summary>
public static class SqsQueueNames
{
    public const string FifoSuffix = ".fifo";
    public const int MaxLength = 80;

    /// <summary>1–80 characters of <c>[A-Za-z0-9_-]</c>, FIFO names ending in <c>.fifo</c> (counted in the 80).</summary>
    public static bool IsValid(string name, bool fifo)
    {
        if (name.Length is 0 or > MaxLength) return false;
        var stem = name;
        if (fifo)
        {
            if (!name.EndsWith(FifoSuffix, StringComparison.Ordinal) || name.Length == FifoSuffix.Length) return false;
            stem = name[..^FifoSuffix.Length];
        }
        foreach (var c in stem)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        }
        return true;
    }

    public static string Arn(string region, string accountId, string name) => $"arn:aws:sqs:{region}:{accountId}:{name}";

    /// <summary>The queue name an ARN of this region and account names, else null.</summary>
    public static string? NameOfArn(string arn, string region, string accountId)
    {
        var prefix = $"arn:aws:sqs:{region}:{accountId}:";
        return arn.StartsWith(prefix, StringComparison.Ordinal) && arn.Length > prefix.Length ? arn[prefix.Length..] : null;
    }

    /// <summary>The URL of a queue, on the address the client used (<paramref name="baseUrl"/> is scheme://host[:port]).</summary>
    public static string Url(string baseUrl, string accountId, string name) => $"{baseUrl}/{accountId}/{name}";

    /// <summary>
    /// The queue name a QueueUrl addresses, read from its path (<c>/ACCOUNT/NAME</c>) and not its host, which clients
    /// rewrite; null when the path has another shape.
    /// </summary>
    public static string? NameOfUrl(string queueUrl, out string? accountId)
    {
        accountId = null;
        if (!Uri.TryCreate(queueUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length != 2 || segments[0].Length == 0 || segments[1].Length == 0) return null;
        accountId = segments[0];
        return Uri.UnescapeDataString(segments[1]);
    }
}
