using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Sluice.Gateway;

/// <summary>Reading and writing S3's XML: no DTDs, no external entities, bounded size.</summary>
public static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
    private const int MaxDocumentBytes = 4 * 1024 * 1024;

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = false,
        Async = false,
        // Keys may hold any character. As S3 does, characters XML 1.0 cannot carry go out as character
        // references (&#x1;) instead of failing the response, and CR as &#xD; so parsers keep it.
        CheckCharacters = false,
        NewLineHandling = NewLineHandling.Entitize,
    };

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = MaxDocumentBytes,
    };

    public static async Task WriteAsync(HttpResponse response, string rootName, Action<XmlWriter> writeBody, int statusCode = 200)
    {
        var buffer = Render(rootName, writeBody);
        response.StatusCode = statusCode;
        response.ContentType = "application/xml";
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer);
    }

    public static byte[] Render(string rootName, Action<XmlWriter> writeBody, string? xmlNamespace = Namespace)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, WriterSettings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(rootName, xmlNamespace);
            writeBody(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        return stream.ToArray();
    }

    /// <summary>Reads a request's XML body; anything not well-formed (or with a DTD) is MalformedXML.</summary>
    public static async Task<XElement> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffered = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffered.Length + read > MaxDocumentBytes)
                throw new S3Exception(S3Errors.MalformedXml, "The XML document is too large.");
            buffered.Write(chunk, 0, read);
        }
        buffered.Position = 0;
        try
        {
            using var reader = XmlReader.Create(buffered, ReaderSettings);
            return XElement.Load(reader);
        }
        catch (XmlException)
        {
            throw new S3Exception(S3Errors.MalformedXml);
        }
    }

    /// <summary>Child elements by local name, ignoring namespaces (clients differ in what they send).</summary>
    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(child => child.Name.LocalName == localName);

    public static string? ChildValue(this XElement element, string localName) =>
        element.Children(localName).FirstOrDefault()?.Value;

    public static void Element(this XmlWriter writer, string name, string? value)
    {
        if (value is not null) writer.WriteElementString(name, value);
    }

    public static void Element(this XmlWriter writer, string name, long value) =>
        writer.WriteElementString(name, value.ToString(CultureInfo.InvariantCulture));

    public static void Element(this XmlWriter writer, string name, bool value) =>
        writer.WriteElementString(name, value ? "true" : "false");

    public static void Element(this XmlWriter writer, string name, DateTimeOffset value) =>
        writer.WriteElementString(name, FormatTimestamp(value));

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string FormatHttpDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
}
