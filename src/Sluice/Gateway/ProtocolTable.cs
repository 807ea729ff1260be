using Sluice.Events;
using Sluice.Functions;
using Sluice.Functions.Api;
using Sluice.Sqs.Api;

namespace Sluice.Gateway;

/// <summary>
/// Which protocol a request speaks, decided in DESIGN §2's order: the first line whose signal the request
/// carries wins; S3 (path and virtual-host style) takes the rest. A new service is a new line here.
/// </summary>
public sealed class ProtocolTable
{
    public delegate bool Signal(in ProtocolSignals request);

    private sealed record Line(string Name, Signal Matches, IEdgeProtocol Protocol);

    private readonly Line[] _lines;
    private readonly IEdgeProtocol _s3;

    public ProtocolTable(IEdgeProtocol s3, IEdgeProtocol lambda, IEdgeProtocol events, IEdgeProtocol sqs, IEdgeProtocol unserved)
    {
        _s3 = s3;
        _lines =
        [
            new("SQS JSON by X-Amz-Target", static (in r) => r.TargetService == SqsApi.TargetPrefix, sqs),
            new("Other AWS JSON protocols by X-Amz-Target (EventBridge, DynamoDB, …)", static (in r) => r.TargetService.Length > 0, unserved),
            new("Lambda by credential scope", static (in r) => r.ScopeService == "lambda", lambda),
            new("SQS by credential scope (its query protocol too)", static (in r) => r.ScopeService == "sqs", sqs),
            new("Other services by credential scope (SNS, STS, …)", static (in r) => r.HasForeignScope, unserved),
            new("Lambda by path prefix", static (in r) => LambdaApi.Handles(r.Path), lambda),
            new("Sluice's event log", static (in r) => EventsApi.Handles(r.Path), events),
            new("SQS query protocol by Action= on a queue's URL", static (in r) => r.HasAction && SqsApi.IsQueuePath(r.Path), sqs),
            new("AWS query protocols by Action=", static (in r) => r.HasAction, unserved),
        ];
    }

    public IEdgeProtocol Select(HttpRequest request)
    {
        var signals = ProtocolSignals.Read(request);
        foreach (var line in _lines)
        {
            if (line.Matches(in signals))
                return line.Protocol;
        }
        return _s3;
    }
}
