using System.Net;

namespace Sluice.Hosting;

/// <summary>Decides the root credentials: explicit ones, or test/test on loopback only.</summary>
public sealed record RootCredentials(string? AccessKey, string? SecretKey, bool AreDefault, string? Error)
{
    public const string DefaultKey = "test";

    public static RootCredentials Resolve(string? accessKey, string? secretKey, string host)
    {
        if (!string.IsNullOrEmpty(accessKey) && !string.IsNullOrEmpty(secretKey))
            return new RootCredentials(accessKey, secretKey, false, null);
        if (!string.IsNullOrEmpty(accessKey) || !string.IsNullOrEmpty(secretKey))
            return new RootCredentials(null, null, false, "give both an access key and a secret key, or neither.");
        if (!IsLoopback(host))
            return new RootCredentials(null, null, false,
                $"refusing to listen on {host} with the default test/test credentials; " +
                "set --access-key and --secret-key (or SLUICE_ACCESS_KEY_ID and SLUICE_SECRET_ACCESS_KEY).");
        return new RootCredentials(DefaultKey, DefaultKey, true, null);
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
