using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sluice.Auth;

/// <summary>
/// Hashes a body that the signature covers only through its SHA-256 (non-S3 services whose clients
/// omit x-amz-content-sha256). The body is buffered and rewound, so handlers still read it from the start;
/// these bodies are small JSON or form documents.
/// </summary>
internal static class BufferedBodyHash
{
    private const int BufferSize = 16 * 1024;

    public static string Compute(HttpRequest request)
    {
        request.EnableBuffering();
        var bodyControl = request.HttpContext.Features.Get<IHttpBodyControlFeature>();
        var allowedSynchronousIO = bodyControl?.AllowSynchronousIO ?? true;
        // Kestrel refuses synchronous reads unless asked; the async overload avoids this entirely.
        if (bodyControl is not null)
            bodyControl.AllowSynchronousIO = true;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            int read;
            while ((read = request.Body.Read(buffer, 0, buffer.Length)) > 0)
                hash.AppendData(buffer, 0, read);
            request.Body.Position = 0;
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (bodyControl is not null)
                bodyControl.AllowSynchronousIO = allowedSynchronousIO;
        }
    }

    public static async ValueTask<string> ComputeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                hash.AppendData(buffer, 0, read);
            request.Body.Position = 0;
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
