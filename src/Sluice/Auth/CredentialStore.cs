using System.Diagnostics.CodeAnalysis;
using Sluice.Hosting;

namespace Sluice.Auth;

/// <summary>The access keys the server accepts and their secrets; for now the one root key.</summary>
public sealed class CredentialStore
{
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);

    public CredentialStore(SluiceOptions options)
    {
        _secrets[options.AccessKey] = options.SecretKey;
        Region = options.Region;
    }

    /// <summary>The server's region, reported for SigV2 requests, which name none.</summary>
    public string Region { get; }

    public bool TryGetSecret(string accessKeyId, [NotNullWhen(true)] out string? secret) =>
        _secrets.TryGetValue(accessKeyId, out secret);
}
