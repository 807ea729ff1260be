using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using Sluice.Gateway;

namespace Sluice.Events;

/// <summary>
/// The NotificationConfiguration XML of Put/GetBucketNotificationConfiguration. Accepts every
/// spelling clients send for function destinations (CloudFunction, LambdaFunction…) and answers
/// with the one botocore's model uses.
/// </summary>
public static class NotificationConfigurationXml
{
    private static readonly (string Element, string ArnElement, DestinationKind Kind)[] Shapes =
    [
        ("CloudFunctionConfiguration", "CloudFunction", DestinationKind.Function),
        ("LambdaFunctionConfiguration", "LambdaFunctionArn", DestinationKind.Function),
        ("LambdaFunctionConfiguration", "CloudFunction", DestinationKind.Function),
        ("QueueConfiguration", "Queue", DestinationKind.Queue),
        ("TopicConfiguration", "Topic", DestinationKind.Topic),
    ];

    public static NotificationConfiguration Parse(XElement document)
    {
        if (document.Name.LocalName != "NotificationConfiguration") throw new S3Exception(S3Errors.MalformedXml);
        var rules = new List<NotificationRule>();
        var eventBridge = false;
        foreach (var element in document.Elements())
        {
            var name = element.Name.LocalName;
            if (name == "EventBridgeConfiguration")
            {
                eventBridge = true;
                continue;
            }
            var shape = Shapes.Where(s => s.Element == name).ToList();
            if (shape.Count == 0) throw new S3Exception(S3Errors.MalformedXml);
            var (arnElement, kind) = shape.Select(s => (s.ArnElement, s.Kind)).FirstOrDefault(s => element.ChildValue(s.ArnElement) is not null);
            var arn = arnElement is null ? null : element.ChildValue(arnElement);
            if (string.IsNullOrEmpty(arn)) throw new S3Exception(S3Errors.MalformedXml);
            var events = element.Children("Event").Select(e => e.Value.Trim()).ToList();
            if (events.Count == 0) throw new S3Exception(S3Errors.MalformedXml);
            var (prefix, suffix) = ParseFilter(element.Children("Filter").FirstOrDefault());
            rules.Add(new NotificationRule(element.ChildValue("Id") ?? GenerateId(), kind, arn, events, prefix, suffix));
        }
        return new NotificationConfiguration(rules, eventBridge);
    }

    public static byte[] Render(NotificationConfiguration configuration) =>
        S3Xml.Render("NotificationConfiguration", xml =>
        {
            foreach (var rule in configuration.Rules)
            {
                var (element, arnElement) = rule.Kind switch
                {
                    DestinationKind.Function => ("CloudFunctionConfiguration", "CloudFunction"),
                    DestinationKind.Queue => ("QueueConfiguration", "Queue"),
                    _ => ("TopicConfiguration", "Topic"),
                };
                xml.WriteStartElement(element);
                xml.WriteElementString("Id", rule.Id);
                xml.WriteElementString(arnElement, rule.DestinationArn);
                foreach (var name in rule.Events) xml.WriteElementString("Event", name);
                WriteFilter(xml, rule);
                xml.WriteEndElement();
            }
            if (configuration.EventBridge)
            {
                xml.WriteStartElement("EventBridgeConfiguration");
                xml.WriteEndElement();
            }
        });

    private static (string? Prefix, string? Suffix) ParseFilter(XElement? filter)
    {
        if (filter is null) return (null, null);
        string? prefix = null, suffix = null;
        foreach (var rule in filter.Children("S3Key").SelectMany(key => key.Children("FilterRule")))
        {
            var name = rule.ChildValue("Name") ?? "";
            var value = rule.ChildValue("Value") ?? "";
            if (value.Length == 0) throw Invalid("filter value cannot be empty");
            if (name.Equals("prefix", StringComparison.OrdinalIgnoreCase))
            {
                if (prefix is not null) throw Invalid("Cannot specify more than one prefix rule in a filter.");
                prefix = value;
            }
            else if (name.Equals("suffix", StringComparison.OrdinalIgnoreCase))
            {
                if (suffix is not null) throw Invalid("Cannot specify more than one suffix rule in a filter.");
                suffix = value;
            }
            else
            {
                throw Invalid("filter rule name must be either prefix or suffix");
            }
        }
        return (prefix, suffix);
    }

    private static void WriteFilter(XmlWriter xml, NotificationRule rule)
    {
        if (rule.Prefix is null && rule.Suffix is null) return;
        xml.WriteStartElement("Filter");
        xml.WriteStartElement("S3Key");
        foreach (var (name, value) in new[] { ("Prefix", rule.Prefix), ("Suffix", rule.Suffix) })
        {
            if (value is null) continue;
            xml.WriteStartElement("FilterRule");
            xml.WriteElementString("Name", name);
            xml.WriteElementString("Value", value);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static S3Exception Invalid(string message) =>
        new S3Exception(S3Errors.InvalidArgument, message).With("ArgumentName", "FilterRule");

    /// <summary>S3 invents an id when the configuration gives none.</summary>
    private static string GenerateId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(36)).Replace('/', '_').Replace('+', '-');
}
