using System.Xml.Linq;
using Sluice.Gateway;

namespace Sluice.Storage.Objects;

/// <summary>Object tags: from the x-amz-tagging header (URL query form) or a Tagging XML document, with S3's limits.</summary>
public static class TagSet
{
    private const int MaxTags = 10;
    private const int MaxKeyLength = 128;
    private const int MaxValueLength = 256;

    public static Dictionary<string, string> FromHeader(string? header)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(header)) return tags;
        foreach (var pair in header.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            Add(tags, key, value);
        }
        return tags;
    }

    public static Dictionary<string, string> FromXml(XElement tagging)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var tagSet = tagging.Children("TagSet").FirstOrDefault() ?? throw new S3Exception(S3Errors.MalformedXml);
        foreach (var tag in tagSet.Children("Tag"))
        {
            var key = tag.ChildValue("Key") ?? throw new S3Exception(S3Errors.MalformedXml);
            Add(tags, key, tag.ChildValue("Value") ?? "");
        }
        return tags;
    }

    public static void WriteXml(System.Xml.XmlWriter xml, IReadOnlyDictionary<string, string> tags)
    {
        xml.WriteStartElement("TagSet");
        foreach (var (key, value) in tags)
        {
            xml.WriteStartElement("Tag");
            xml.WriteElementString("Key", key);
            xml.WriteElementString("Value", value);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Add(Dictionary<string, string> tags, string key, string value)
    {
        if (key.Length is 0 or > MaxKeyLength || value.Length > MaxValueLength)
            throw new S3Exception(S3Errors.InvalidTag, "The TagKey or TagValue you have provided is too long or empty.");
        if (!tags.TryAdd(key, value))
            throw new S3Exception(S3Errors.InvalidTag, "Cannot provide multiple Tags with the same key");
        if (tags.Count > MaxTags)
            throw new S3Exception(S3Errors.InvalidTag, "Object tags cannot be greater than 10");
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
