using System.Text;

namespace Sluice.Storage.Listing;

/// <summary>encoding-type=url: keys percent-encoded as UTF-8, leaving unreserved characters and '/'.</summary>
public static class ListEncoding
{
    public static string? Apply(string? value, bool urlEncode)
    {
        if (value is null || !urlEncode) return value;
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~' or '/')
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.ToString();
    }
}
