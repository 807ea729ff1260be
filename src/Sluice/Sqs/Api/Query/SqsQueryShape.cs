namespace Sluice.Sqs.Api.Query;

/// <summary>
/// The part of a query-protocol model the SQS wire needs: every list and map SQS has is flattened, so a member's
/// wire name is all that says where its items go (<c>AttributeName.1</c>, repeated <c>&lt;QueueUrl&gt;</c>).
/// </summary>
internal abstract record SqsQueryShape;

internal enum SqsQueryScalarKind
{
    String,
    Integer,
    Long,
    Boolean,
    /// <summary>Base64 on both wires.</summary>
    Blob,
}

internal sealed record SqsQueryScalar(SqsQueryScalarKind Kind) : SqsQueryShape;

/// <summary>A flattened list: item N of a member with wire name W is <c>W.N</c> in a request and one <c>&lt;W&gt;</c> element in a response.</summary>
internal sealed record SqsQueryList(SqsQueryShape Item) : SqsQueryShape;

/// <summary>A flattened map with string keys: entry N is <c>W.N.{KeyName}</c> and <c>W.N.{ValueName}</c>, or <c>&lt;W&gt;&lt;KeyName/&gt;&lt;ValueName/&gt;&lt;/W&gt;</c>.</summary>
internal sealed record SqsQueryMap(string KeyName, string ValueName, SqsQueryShape Value) : SqsQueryShape;

internal sealed record SqsQueryStructure(IReadOnlyList<SqsQueryMember> Members) : SqsQueryShape;

/// <summary>A structure member: <paramref name="Name"/> in the JSON protocol, <paramref name="WireName"/> in the query protocol.</summary>
internal sealed record SqsQueryMember(string Name, string WireName, SqsQueryShape Shape, bool Required);

/// <summary>An SQS action: its input, and its output (null when the response has no result element).</summary>
internal sealed record SqsQueryOperation(string Action, SqsQueryStructure Input, SqsQueryStructure? Output);
