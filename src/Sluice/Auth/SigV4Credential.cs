using System.Diagnostics.CodeAnalysis;

namespace Sluice.Auth;

/// <summary>The <c>AKID/yyyyMMdd/region/service/aws4_request</c> credential of a SigV4 request.</summary>
internal sealed record SigV4Credential(string AccessKeyId, string Date, string Region, string Service)
{
    public string Scope => SigV4.Scope(Date, Region, Service);

    public static bool TryParse(string? value, [NotNullWhen(true)] out SigV4Credential? credential)
    {
        credential = null;
        var parts = (value ?? "").Split('/');
        if (parts.Length != 5 || parts[4] != SigV4.Terminator || parts[0].Length == 0 || parts[2].Length == 0 || parts[3].Length == 0)
            return false;
        if (parts[1].Length != 8 || !parts[1].All(char.IsAsciiDigit))
            return false;
        credential = new SigV4Credential(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }
}
