namespace Sluice.Functions.Api;

/// <summary>Reads a request body whole, refusing it once it passes a limit (Lambda's payload caps).</summary>
internal static class BoundedBody
{
    /// <summary>The body, or null when it is over <paramref name="limit"/> (checked while reading, never buffered beyond it).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > limit) return null;
            var buffer = new byte[declared];
            await request.Body.ReadExactlyAsync(buffer);
            return buffer;
        }
        using var copy = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (copy.Length + read > limit) return null;
            copy.Write(chunk, 0, read);
        }
        return copy.ToArray();
    }
}
