namespace Sluice.Gateway;

/// <summary>What the protocol table decides on, read once per request from <see cref="RequestSignals"/>.</summary>
public readonly record struct ProtocolSignals(string TargetService, string ScopeService, PathString Path, bool HasAction)
{
    public const string S3Scope = "s3";

    public static ProtocolSignals Read(HttpRequest request)
    {
        var scope = RequestSignals.ScopeService(request);
        var target = RequestSignals.TargetService(request);
        return new ProtocolSignals(
            target.IsEmpty ? "" : target.ToString(),
            // S3 is nearly every request: its scope is the literal, so the common path allocates nothing here.
            scope.IsEmpty ? "" : scope.SequenceEqual(S3Scope) ? S3Scope : scope.ToString(),
            request.Path,
            RequestSignals.HasActionInQuery(request) || RequestSignals.IsQueryProtocolForm(request));
    }

    /// <summary>Signed for a service other than S3 (S3 is the default; Sluice's own APIs are signed as S3).</summary>
    public bool HasForeignScope => ScopeService.Length > 0 && ScopeService != S3Scope;
}
