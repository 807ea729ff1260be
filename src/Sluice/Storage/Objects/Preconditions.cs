using System.Globalization;

namespace Sluice.Storage.Objects;

public enum PreconditionOutcome { Proceed, NotModified, Failed }

/// <summary>If-Match / If-None-Match / If-Modified-Since / If-Unmodified-Since, with S3's precedence rules.</summary>
public static class Preconditions
{
    public static PreconditionOutcome Evaluate(
        string? ifMatch, string? ifNoneMatch, string? ifModifiedSince, string? ifUnmodifiedSince,
        string etag, DateTimeOffset lastModified)
    {
        // Last-Modified has whole-second precision on the wire; compare at that precision.
        var modified = DateTimeOffset.FromUnixTimeSeconds(lastModified.ToUnixTimeSeconds());

        if (ifMatch is not null)
        {
            if (!MatchesAny(ifMatch, etag)) return PreconditionOutcome.Failed;
        }
        else if (ParseDate(ifUnmodifiedSince) is { } unmodifiedSince && modified > unmodifiedSince)
        {
            return PreconditionOutcome.Failed;
        }

        if (ifNoneMatch is not null)
        {
            if (MatchesAny(ifNoneMatch, etag)) return PreconditionOutcome.NotModified;
        }
        else if (ParseDate(ifModifiedSince) is { } modifiedSince && modified <= modifiedSince)
        {
            return PreconditionOutcome.NotModified;
        }
        return PreconditionOutcome.Proceed;
    }

    public static bool MatchesAny(string headerValue, string etag)
    {
        foreach (var candidate in headerValue.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*") return true;
            if (Normalize(candidate) == etag) return true;
        }
        return false;
    }

    private static string Normalize(string etag)
    {
        var value = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        return value.Trim('"');
    }

    public static DateTimeOffset? ParseDate(string? value) =>
        value is not null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
}
