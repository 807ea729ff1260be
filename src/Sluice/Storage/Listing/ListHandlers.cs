using System.Text;
using System.Xml;
using Sluice.Gateway;
using Sluice.Hosting;
using Sluice.Storage.Objects;

namespace Sluice.Storage.Listing;

/// <summary>ListObjects (v1), ListObjectsV2 and ListObjectVersions over one listing walk.</summary>
public sealed class ListHandlers(ObjectStore store, ObjectLister lister, SluiceOptions options)
{
    private const int DefaultMaxKeys = 1000;

    // ListObjectsV2
    public Task ListObjectsV2Async(S3Request request)
    {
        var bucket = request.RequireBucket();
        store.RequireBucket(bucket);
        var (prefix, delimiter, maxKeys, urlEncode) = CommonParameters(request);
        var token = request.QueryValue("continuation-token");
        var startAfter = request.QueryValue("start-after");
        var marker = token is not null ? DecodeToken(token) : startAfter;
        var page = lister.List(bucket, prefix, delimiter, marker, maxKeys);
        var fetchOwner = request.QueryValue("fetch-owner") == "true";

        return S3Xml.WriteAsync(request.Response, "ListBucketResult", xml =>
        {
            xml.WriteElementString("Name", bucket);
            xml.WriteElementString("Prefix", ListEncoding.Apply(prefix, urlEncode));
            xml.Element("Delimiter", ListEncoding.Apply(delimiter, urlEncode));
            xml.Element("MaxKeys", maxKeys);
            xml.Element("KeyCount", page.Entries.Count);
            xml.Element("IsTruncated", page.IsTruncated);
            xml.Element("ContinuationToken", token);
            xml.Element("StartAfter", ListEncoding.Apply(startAfter, urlEncode));
            if (page.IsTruncated) xml.Element("NextContinuationToken", EncodeToken(page.LastSortKey!));
            if (urlEncode) xml.WriteElementString("EncodingType", "url");
            WriteEntries(xml, page, urlEncode, fetchOwner);
        });
    }

    // ListObjects (v1)
    public Task ListObjectsAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        store.RequireBucket(bucket);
        var (prefix, delimiter, maxKeys, urlEncode) = CommonParameters(request);
        var marker = request.QueryValue("marker");
        var page = lister.List(bucket, prefix, delimiter, marker, maxKeys);

        return S3Xml.WriteAsync(request.Response, "ListBucketResult", xml =>
        {
            xml.WriteElementString("Name", bucket);
            xml.WriteElementString("Prefix", ListEncoding.Apply(prefix, urlEncode));
            xml.WriteElementString("Marker", ListEncoding.Apply(marker ?? "", urlEncode));
            xml.Element("Delimiter", ListEncoding.Apply(delimiter, urlEncode));
            xml.Element("MaxKeys", maxKeys);
            xml.Element("IsTruncated", page.IsTruncated);
            if (page.IsTruncated && delimiter is not null) xml.Element("NextMarker", ListEncoding.Apply(page.LastSortKey, urlEncode));
            if (urlEncode) xml.WriteElementString("EncodingType", "url");
            WriteEntries(xml, page, urlEncode, fetchOwner: true);
        });
    }

    // ListObjectVersions: unversioned objects are listed as their one "null" version.
    public Task ListObjectVersionsAsync(S3Request request)
    {
        var bucket = request.RequireBucket();
        store.RequireBucket(bucket);
        var (prefix, delimiter, maxKeys, urlEncode) = CommonParameters(request);
        var keyMarker = request.QueryValue("key-marker");
        var page = lister.List(bucket, prefix, delimiter, keyMarker, maxKeys);

        return S3Xml.WriteAsync(request.Response, "ListVersionsResult", xml =>
        {
            xml.WriteElementString("Name", bucket);
            xml.WriteElementString("Prefix", ListEncoding.Apply(prefix, urlEncode));
            xml.WriteElementString("KeyMarker", ListEncoding.Apply(keyMarker ?? "", urlEncode));
            xml.WriteElementString("VersionIdMarker", request.QueryValue("version-id-marker") ?? "");
            xml.Element("Delimiter", ListEncoding.Apply(delimiter, urlEncode));
            xml.Element("MaxKeys", maxKeys);
            xml.Element("IsTruncated", page.IsTruncated);
            if (page.IsTruncated)
            {
                xml.Element("NextKeyMarker", ListEncoding.Apply(page.LastSortKey, urlEncode));
                xml.WriteElementString("NextVersionIdMarker", "null");
            }
            if (urlEncode) xml.WriteElementString("EncodingType", "url");
            foreach (var record in page.Objects)
            {
                xml.WriteStartElement("Version");
                xml.WriteElementString("Key", ListEncoding.Apply(record.Key, urlEncode));
                xml.WriteElementString("VersionId", "null");
                xml.Element("IsLatest", true);
                xml.Element("LastModified", record.LastModified);
                xml.WriteElementString("ETag", record.QuotedETag);
                xml.Element("Size", record.Size);
                xml.WriteElementString("StorageClass", "STANDARD");
                WriteOwner(xml);
                xml.WriteEndElement();
            }
            WriteCommonPrefixes(xml, page, urlEncode);
        });
    }

    private void WriteEntries(XmlWriter xml, ListPage page, bool urlEncode, bool fetchOwner)
    {
        foreach (var record in page.Objects)
        {
            xml.WriteStartElement("Contents");
            xml.WriteElementString("Key", ListEncoding.Apply(record.Key, urlEncode));
            xml.Element("LastModified", record.LastModified);
            xml.WriteElementString("ETag", record.QuotedETag);
            foreach (var algorithm in record.Checksums.Keys)
                xml.WriteElementString("ChecksumAlgorithm", algorithm);
            xml.Element("Size", record.Size);
            xml.WriteElementString("StorageClass", "STANDARD");
            if (fetchOwner) WriteOwner(xml);
            xml.WriteEndElement();
        }
        WriteCommonPrefixes(xml, page, urlEncode);
    }

    private static void WriteCommonPrefixes(XmlWriter xml, ListPage page, bool urlEncode)
    {
        foreach (var commonPrefix in page.CommonPrefixes)
        {
            xml.WriteStartElement("CommonPrefixes");
            xml.WriteElementString("Prefix", ListEncoding.Apply(commonPrefix, urlEncode));
            xml.WriteEndElement();
        }
    }

    private void WriteOwner(XmlWriter xml)
    {
        xml.WriteStartElement("Owner");
        xml.WriteElementString("ID", options.AccountId);
        xml.WriteElementString("DisplayName", "sluice");
        xml.WriteEndElement();
    }

    private static (string Prefix, string? Delimiter, int MaxKeys, bool UrlEncode) CommonParameters(S3Request request)
    {
        var maxKeys = DefaultMaxKeys;
        if (request.QueryValue("max-keys") is { } text)
        {
            if (!int.TryParse(text, out maxKeys) || maxKeys < 0)
                throw new S3Exception(S3Errors.InvalidArgument, "Provided max-keys not an integer or within integer range").With("ArgumentName", "max-keys");
            maxKeys = Math.Min(maxKeys, DefaultMaxKeys);
        }
        var encoding = request.QueryValue("encoding-type");
        if (encoding is not null && !encoding.Equals("url", StringComparison.OrdinalIgnoreCase))
            throw new S3Exception(S3Errors.InvalidArgument, "Invalid Encoding Method specified in Request").With("ArgumentName", "encoding-type");
        var delimiter = request.QueryValue("delimiter");
        return (request.QueryValue("prefix") ?? "", string.IsNullOrEmpty(delimiter) ? null : delimiter, maxKeys, encoding is not null);
    }

    private static string EncodeToken(string lastKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastKey));

    private static string DecodeToken(string token)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(token)); }
        catch (FormatException)
        {
            throw new S3Exception(S3Errors.InvalidArgument, "The continuation token provided is incorrect").With("ArgumentName", "continuation-token");
        }
    }
}
