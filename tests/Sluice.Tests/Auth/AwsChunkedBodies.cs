using System.Security.Cryptography;
using System.Text;
using Sluice.Auth;

namespace Sluice.Tests.Auth;

/// <summary>Writes aws-chunked bodies the way SDKs do, signed (chained from a seed) or not.</summary>
internal static class AwsChunkedBodies
{
    public static byte[] Encode(byte[] data, int chunkSize, ChunkSigningContext? signing = null, IEnumerable<(string Name, string Value)>? trailers = null)
    {
        var body = new MemoryStream();
        var previous = signing?.SeedSignature;
        void WriteChunk(ReadOnlySpan<byte> chunk)
        {
            var header = chunk.Length.ToString("x");
            if (signing is not null)
            {
                var stringToSign = SigV4.ChunkStringToSign(signing.Timestamp, signing.Scope, previous!, Convert.ToHexStringLower(SHA256.HashData(chunk)));
                previous = SigV4.Sign(signing.SigningKey, stringToSign);
                header += ";chunk-signature=" + previous;
            }
            body.Write(Encoding.ASCII.GetBytes(header + "\r\n"));
            body.Write(chunk);
            if (chunk.Length > 0)
                body.Write("\r\n"u8);
        }
        for (var offset = 0; offset < data.Length; offset += chunkSize)
            WriteChunk(data.AsSpan(offset, Math.Min(chunkSize, data.Length - offset)));
        WriteChunk([]);

        if (trailers is null)
        {
            body.Write("\r\n"u8);
            return body.ToArray();
        }
        var trailerText = new StringBuilder();
        foreach (var (name, value) in trailers)
            trailerText.Append(name).Append(':').Append(value).Append('\n');
        body.Write(Encoding.ASCII.GetBytes(trailerText.ToString().Replace("\n", "\r\n")));
        if (signing is not null)
        {
            var stringToSign = SigV4.TrailerStringToSign(signing.Timestamp, signing.Scope, previous!, SigV4.Sha256Hex(trailerText.ToString()));
            body.Write(Encoding.ASCII.GetBytes($"x-amz-trailer-signature:{SigV4.Sign(signing.SigningKey, stringToSign)}\r\n"));
        }
        body.Write("\r\n"u8);
        return body.ToArray();
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream, int bufferSize)
    {
        var result = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
            result.Write(buffer, 0, read);
        return result.ToArray();
    }

    public static byte[] ReadAll(Stream stream, int bufferSize)
    {
        var result = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            result.Write(buffer, 0, read);
        return result.ToArray();
    }
}
