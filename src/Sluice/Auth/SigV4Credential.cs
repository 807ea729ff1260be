using System.Diagnostics.CodeAnalysis;

namespace Sluice.Auth;

/// <summary>The <c>AKID/yyyyMMdd/region/service/aws4_request</c> credential of a SigV4 request.</summary>
internal sealed record SigV4Credential(string AccessKeyId, string Date, string Region, string Service)
{
    public string Scope => SigV4.Scope(Date, Region, Service);

    public static bool TryParse(string? value, [NotNullWhen(true)] out SigV4Credential? credential)
    {
        credential = null;
        Span<Range> parts = stackalloc Range[6];
        var text = (value ?? "").AsSpan();
        if (text.Split(parts, '/') != 5 || !text[parts[4]].SequenceEqual(SigV4.Terminator))
            return false;
        ReadOnlySpan<char> accessKeyId = text[parts[0]], date = text[parts[1]], region = text[parts[2]], service = text[parts[3]];
        if (accessKeyId.IsEmpty || region.IsEmpty || service.IsEmpty || date.Length != 8 || date.ContainsAnyExceptInRange('0', '9'))
            return false;
        credential = new SigV4Credential(accessKeyId.ToString(), date.ToString(), region.ToString(), service.ToString());
        return true;
    }
}
