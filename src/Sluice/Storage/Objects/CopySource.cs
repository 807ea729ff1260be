using Sluice.Gateway;

namespace Sluice.Storage.Objects;

/// <summary>The x-amz-copy-source header ("/bucket/url-encoded-key[?versionId=…]") and its copy conditions.</summary>
public sealed record CopySource(string Bucket, string Key)
{
    public static CopySource Parse(string header)
    {
        var value = header;
        var query = value.IndexOf('?');
        if (query >= 0)
        {
            ObjectHandlers.RejectUnknownVersion(System.Web.HttpUtility.ParseQueryString(value[(query + 1)..])["versionId"]);
            value = value[..query];
        }
        value = Uri.UnescapeDataString(value).TrimStart('/');
        var slash = value.IndexOf('/');
        if (slash <= 0 || slash == value.Length - 1)
            throw new S3Exception(S3Errors.InvalidArgument, "Copy Source must mention the source bucket and key: sourcebucket/sourcekey")
                .With("ArgumentName", "x-amz-copy-source");
        return new CopySource(value[..slash], value[(slash + 1)..]);
    }

    /// <summary>x-amz-copy-source-if-* headers; a failed condition is 412 PreconditionFailed.</summary>
    public static void CheckConditions(S3Request request, ObjectRecord source)
    {
        var outcome = Preconditions.Evaluate(
            request.Header("x-amz-copy-source-if-match"),
            request.Header("x-amz-copy-source-if-none-match"),
            request.Header("x-amz-copy-source-if-modified-since"),
            request.Header("x-amz-copy-source-if-unmodified-since"),
            source.ETag, source.LastModified);
        if (outcome != PreconditionOutcome.Proceed)
            throw new S3Exception(S3Errors.PreconditionFailed).With("Condition", "x-amz-copy-source-If");
    }
}
