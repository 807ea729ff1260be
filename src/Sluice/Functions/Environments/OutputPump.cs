using System.Buffers;
using System.Text;
using Sluice.Functions.Logs;

namespace Sluice.Functions.Environments;

/// <summary>
/// Reads one of a runtime's output streams (stdout or stderr) into its <see cref="LogRouter"/>, line by
/// line. A line longer than <see cref="MaxLineChars"/> is handed over in pieces, so a handler that prints
/// megabytes without a newline costs bounded memory. Lines end at '\n' only: the runtimes print a
/// multi-line message as one line with '\r' between its parts, as Lambda's do.
/// </summary>
internal static class OutputPump
{
    public const int MaxLineChars = 64 * 1024;
    private const int ChunkBytes = 16 * 1024;

    public static async Task RunAsync(Stream stream, LogRouter router)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var chars = ArrayPool<char>.Shared.Rent(ChunkBytes + 1);
        var line = new StringBuilder();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(bytes.AsMemory(0, ChunkBytes))) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                Split(chars.AsSpan(0, count), line, router);
            }
        }
        catch (IOException)
        {
            // The pipe broke with the process; what was read is routed below.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (line.Length > 0)
                router.OnLine(line.ToString());
            router.OnEnd();
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Routes every complete line in <paramref name="text"/>; the unfinished rest stays in <paramref name="line"/>.</summary>
    internal static void Split(ReadOnlySpan<char> text, StringBuilder line, LogRouter router)
    {
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            var piece = newline < 0 ? text : text[..newline];
            while (line.Length + piece.Length > MaxLineChars)
            {
                var take = MaxLineChars - line.Length;
                // Never cut through an end marker: the piece ends where one starts.
                var marker = piece[..take].LastIndexOf(LogRouter.EndMarker[0]);
                if (marker > 0 || (marker == 0 && line.Length > 0)) take = marker;
                line.Append(piece[..take]);
                router.OnLine(line.ToString());
                line.Clear();
                piece = piece[take..];
            }
            line.Append(piece);
            if (newline < 0)
                return;
            if (line.Length > 0 && line[^1] == '\r')
                line.Length--;
            router.OnLine(line.ToString());
            line.Clear();
            text = text[(newline + 1)..];
        }
    }
}
