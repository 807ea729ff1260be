using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Sluice.Patterns;

/// <summary>Reads an event's string values without allocating when they hold no escapes (the usual case).</summary>
internal static class JsonText
{
    public const int StackChars = 256;

    /// <summary>The UTF-8 bytes of a string element's value, without quotes.</summary>
    public static ReadOnlySpan<byte> Utf8(JsonElement text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text);
        var inner = raw[1..^1];
        return inner.Contains((byte)'\\') ? Encoding.UTF8.GetBytes(text.GetString()!) : inner;
    }

    /// <summary>The characters of a string element's value, decoded into <paramref name="buffer"/> when they fit.</summary>
    public static ReadOnlySpan<char> Chars(JsonElement text, Span<char> buffer)
    {
        var bytes = Utf8(text);
        if (bytes.Length > buffer.Length) return text.GetString();
        var count = Encoding.UTF8.GetChars(bytes, buffer);
        return buffer[..count];
    }

    /// <summary>A short rendering of an event value for explanations.</summary>
    public static string Render(JsonElement value)
    {
        const int MaxLength = 80;
        var raw = value.GetRawText();
        return raw.Length <= MaxLength ? raw : string.Concat(raw.AsSpan(0, MaxLength), "…");
    }
}
