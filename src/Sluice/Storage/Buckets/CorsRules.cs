using System.Xml.Linq;
using Sluice.Gateway;

namespace Sluice.Storage.Buckets;

public sealed record CorsRule(
    string? Id, IReadOnlyList<string> AllowedOrigins, IReadOnlyList<string> AllowedMethods,
    IReadOnlyList<string> AllowedHeaders, IReadOnlyList<string> ExposeHeaders, int? MaxAgeSeconds)
{
    public bool AllowsOrigin(string origin) => AllowedOrigins.Any(pattern => WildcardMatch(pattern, origin));

    public bool AllowsHeader(string header) => AllowedHeaders.Any(pattern => WildcardMatch(pattern, header));

    /// <summary>S3 allows one '*' anywhere in an origin or header pattern; header names compare case-insensitively.</summary>
    private static bool WildcardMatch(string pattern, string value)
    {
        var star = pattern.IndexOf('*');
        if (star < 0) return string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);
        var head = pattern[..star];
        var tail = pattern[(star + 1)..];
        return value.Length >= head.Length + tail.Length
            && value.StartsWith(head, StringComparison.OrdinalIgnoreCase)
            && value.EndsWith(tail, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A bucket's CORS configuration: parsed from and stored as S3's CORSConfiguration XML.</summary>
public static class CorsRules
{
    private static readonly HashSet<string> Methods = ["GET", "PUT", "POST", "DELETE", "HEAD"];

    public static List<CorsRule> Parse(XElement document)
    {
        if (document.Name.LocalName != "CORSConfiguration") throw new S3Exception(S3Errors.MalformedXml);
        var rules = document.Children("CORSRule").Select(rule => new CorsRule(
            rule.ChildValue("ID"),
            rule.Children("AllowedOrigin").Select(e => e.Value).ToList(),
            rule.Children("AllowedMethod").Select(e => e.Value).ToList(),
            rule.Children("AllowedHeader").Select(e => e.Value).ToList(),
            rule.Children("ExposeHeader").Select(e => e.Value).ToList(),
            int.TryParse(rule.ChildValue("MaxAgeSeconds"), out var maxAge) ? maxAge : null)).ToList();
        if (rules.Count is 0 or > 100)
            throw new S3Exception(S3Errors.MalformedXml);
        foreach (var rule in rules)
        {
            if (rule.AllowedOrigins.Count == 0 || rule.AllowedMethods.Count == 0)
                throw new S3Exception(S3Errors.MalformedXml);
            if (rule.AllowedMethods.FirstOrDefault(method => !Methods.Contains(method)) is { } unsupported)
                throw new S3Exception(S3Errors.InvalidRequest, $"Found unsupported HTTP method in CORS config. Unsupported method is {unsupported}");
        }
        return rules;
    }

    public static List<CorsRule> FromStoredXml(string xml) => Parse(XElement.Parse(xml));

    public static string ToXml(IReadOnlyList<CorsRule> rules) => System.Text.Encoding.UTF8.GetString(
        S3Xml.Render("CORSConfiguration", xml =>
        {
            foreach (var rule in rules)
            {
                xml.WriteStartElement("CORSRule");
                xml.Element("ID", rule.Id);
                foreach (var value in rule.AllowedHeaders) xml.WriteElementString("AllowedHeader", value);
                foreach (var value in rule.AllowedMethods) xml.WriteElementString("AllowedMethod", value);
                foreach (var value in rule.AllowedOrigins) xml.WriteElementString("AllowedOrigin", value);
                foreach (var value in rule.ExposeHeaders) xml.WriteElementString("ExposeHeader", value);
                if (rule.MaxAgeSeconds is { } maxAge) xml.Element("MaxAgeSeconds", maxAge);
                xml.WriteEndElement();
            }
        }));

    /// <summary>The first rule that allows this origin, method and every requested header.</summary>
    public static CorsRule? Match(IEnumerable<CorsRule> rules, string origin, string method, IEnumerable<string> requestHeaders) =>
        rules.FirstOrDefault(rule =>
            rule.AllowsOrigin(origin)
            && rule.AllowedMethods.Contains(method, StringComparer.Ordinal)
            && requestHeaders.All(rule.AllowsHeader));
}
