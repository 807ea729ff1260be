using System.Collections.Frozen;

namespace Sluice.Sqs.Api.Query;

/// <summary>
/// SQS's query-protocol model (API version 2012-11-05, as the last query-protocol SDK models state it): for each
/// action, the JSON protocol's member names and where each sits on the query wire. One line per AWS operation.
/// </summary>
internal static class SqsQueryModel
{
    private static readonly SqsQueryScalar Text = new(SqsQueryScalarKind.String);
    private static readonly SqsQueryScalar Integer = new(SqsQueryScalarKind.Integer);
    private static readonly SqsQueryScalar Long = new(SqsQueryScalarKind.Long);
    private static readonly SqsQueryScalar Boolean = new(SqsQueryScalarKind.Boolean);
    private static readonly SqsQueryScalar Blob = new(SqsQueryScalarKind.Blob);
    private static readonly SqsQueryList TextList = new(Text);

    private static readonly SqsQueryMap Attributes = new("Name", "Value", Text);
    private static readonly SqsQueryMap Tags = new("Key", "Value", Text);
    private static readonly SqsQueryMap MessageAttributes = new("Name", "Value", Structure(
        Optional("StringValue", Text),
        Optional("BinaryValue", Blob),
        Optional("StringListValues", TextList, "StringListValue"),
        Optional("BinaryListValues", new SqsQueryList(Blob), "BinaryListValue"),
        Required("DataType", Text)));

    private static readonly SqsQueryMember QueueUrl = Required("QueueUrl", Text);
    private static readonly SqsQueryMember BatchFailures = Optional("Failed", new SqsQueryList(Structure(
        Required("Id", Text), Required("SenderFault", Boolean), Required("Code", Text), Optional("Message", Text))), "BatchResultErrorEntry");

    public static readonly FrozenDictionary<string, SqsQueryOperation> Operations = new SqsQueryOperation[]
    {
        // AddPermission
        new("AddPermission",
            Structure(QueueUrl, Required("Label", Text), Required("AWSAccountIds", TextList, "AWSAccountId"), Required("Actions", TextList, "ActionName")),
            null),
        // CancelMessageMoveTask
        new("CancelMessageMoveTask",
            Structure(Required("TaskHandle", Text)),
            Structure(Optional("ApproximateNumberOfMessagesMoved", Long))),
        // ChangeMessageVisibility
        new("ChangeMessageVisibility",
            Structure(QueueUrl, Required("ReceiptHandle", Text), Required("VisibilityTimeout", Integer)),
            null),
        // ChangeMessageVisibilityBatch
        new("ChangeMessageVisibilityBatch",
            Structure(QueueUrl, Required("Entries", new SqsQueryList(Structure(
                Required("Id", Text), Required("ReceiptHandle", Text), Optional("VisibilityTimeout", Integer))), "ChangeMessageVisibilityBatchRequestEntry")),
            Structure(Optional("Successful", new SqsQueryList(Structure(Required("Id", Text))), "ChangeMessageVisibilityBatchResultEntry"), BatchFailures)),
        // CreateQueue
        new("CreateQueue",
            Structure(Required("QueueName", Text), Optional("Attributes", Attributes, "Attribute"), Optional("tags", Tags, "Tag")),
            Structure(Optional("QueueUrl", Text))),
        // DeleteMessage
        new("DeleteMessage",
            Structure(QueueUrl, Required("ReceiptHandle", Text)),
            null),
        // DeleteMessageBatch
        new("DeleteMessageBatch",
            Structure(QueueUrl, Required("Entries", new SqsQueryList(Structure(
                Required("Id", Text), Required("ReceiptHandle", Text))), "DeleteMessageBatchRequestEntry")),
            Structure(Optional("Successful", new SqsQueryList(Structure(Required("Id", Text))), "DeleteMessageBatchResultEntry"), BatchFailures)),
        // DeleteQueue
        new("DeleteQueue",
            Structure(QueueUrl),
            null),
        // GetQueueAttributes
        new("GetQueueAttributes",
            Structure(QueueUrl, Optional("AttributeNames", TextList, "AttributeName")),
            Structure(Optional("Attributes", Attributes, "Attribute"))),
        // GetQueueUrl
        new("GetQueueUrl",
            Structure(Required("QueueName", Text), Optional("QueueOwnerAWSAccountId", Text)),
            Structure(Optional("QueueUrl", Text))),
        // ListDeadLetterSourceQueues
        new("ListDeadLetterSourceQueues",
            Structure(QueueUrl, Optional("NextToken", Text), Optional("MaxResults", Integer)),
            Structure(Optional("queueUrls", TextList, "QueueUrl"), Optional("NextToken", Text))),
        // ListMessageMoveTasks
        new("ListMessageMoveTasks",
            Structure(Required("SourceArn", Text), Optional("MaxResults", Integer)),
            Structure(Optional("Results", new SqsQueryList(Structure(
                Optional("TaskHandle", Text),
                Optional("Status", Text),
                Optional("SourceArn", Text),
                Optional("DestinationArn", Text),
                Optional("MaxNumberOfMessagesPerSecond", Integer),
                Optional("ApproximateNumberOfMessagesMoved", Long),
                Optional("ApproximateNumberOfMessagesToMove", Long),
                Optional("FailureReason", Text),
                Optional("StartedTimestamp", Long))), "ListMessageMoveTasksResultEntry"))),
        // ListQueueTags
        new("ListQueueTags",
            Structure(QueueUrl),
            Structure(Optional("Tags", Tags, "Tag"))),
        // ListQueues
        new("ListQueues",
            Structure(Optional("QueueNamePrefix", Text), Optional("NextToken", Text), Optional("MaxResults", Integer)),
            Structure(Optional("QueueUrls", TextList, "QueueUrl"), Optional("NextToken", Text))),
        // PurgeQueue
        new("PurgeQueue",
            Structure(QueueUrl),
            null),
        // ReceiveMessage (MessageSystemAttributeNames came after the SDKs moved to JSON; its query name follows the model's rule)
        new("ReceiveMessage",
            Structure(QueueUrl,
                Optional("AttributeNames", TextList, "AttributeName"),
                Optional("MessageSystemAttributeNames", TextList, "MessageSystemAttributeName"),
                Optional("MessageAttributeNames", TextList, "MessageAttributeName"),
                Optional("MaxNumberOfMessages", Integer),
                Optional("VisibilityTimeout", Integer),
                Optional("WaitTimeSeconds", Integer),
                Optional("ReceiveRequestAttemptId", Text)),
            Structure(Optional("Messages", new SqsQueryList(Structure(
                Optional("MessageId", Text),
                Optional("ReceiptHandle", Text),
                Optional("MD5OfBody", Text),
                Optional("Body", Text),
                Optional("Attributes", Attributes, "Attribute"),
                Optional("MD5OfMessageAttributes", Text),
                Optional("MessageAttributes", MessageAttributes, "MessageAttribute"))), "Message"))),
        // RemovePermission
        new("RemovePermission",
            Structure(QueueUrl, Required("Label", Text)),
            null),
        // SendMessage
        new("SendMessage",
            Structure(QueueUrl,
                Required("MessageBody", Text),
                Optional("DelaySeconds", Integer),
                Optional("MessageAttributes", MessageAttributes, "MessageAttribute"),
                Optional("MessageSystemAttributes", MessageAttributes, "MessageSystemAttribute"),
                Optional("MessageDeduplicationId", Text),
                Optional("MessageGroupId", Text)),
            Structure(
                Optional("MD5OfMessageBody", Text),
                Optional("MD5OfMessageAttributes", Text),
                Optional("MD5OfMessageSystemAttributes", Text),
                Optional("MessageId", Text),
                Optional("SequenceNumber", Text))),
        // SendMessageBatch
        new("SendMessageBatch",
            Structure(QueueUrl, Required("Entries", new SqsQueryList(Structure(
                Required("Id", Text),
                Required("MessageBody", Text),
                Optional("DelaySeconds", Integer),
                Optional("MessageAttributes", MessageAttributes, "MessageAttribute"),
                Optional("MessageSystemAttributes", MessageAttributes, "MessageSystemAttribute"),
                Optional("MessageDeduplicationId", Text),
                Optional("MessageGroupId", Text))), "SendMessageBatchRequestEntry")),
            Structure(
                Optional("Successful", new SqsQueryList(Structure(
                    Required("Id", Text),
                    Required("MessageId", Text),
                    Required("MD5OfMessageBody", Text),
                    Optional("MD5OfMessageAttributes", Text),
                    Optional("MD5OfMessageSystemAttributes", Text),
                    Optional("SequenceNumber", Text))), "SendMessageBatchResultEntry"),
                BatchFailures)),
        // SetQueueAttributes
        new("SetQueueAttributes",
            Structure(QueueUrl, Required("Attributes", Attributes, "Attribute")),
            null),
        // StartMessageMoveTask
        new("StartMessageMoveTask",
            Structure(Required("SourceArn", Text), Optional("DestinationArn", Text), Optional("MaxNumberOfMessagesPerSecond", Integer)),
            Structure(Optional("TaskHandle", Text))),
        // TagQueue
        new("TagQueue",
            Structure(QueueUrl, Required("Tags", Tags, "Tag")),
            null),
        // UntagQueue
        new("UntagQueue",
            Structure(QueueUrl, Required("TagKeys", TextList, "TagKey")),
            null),
    }.ToFrozenDictionary(operation => operation.Action, StringComparer.Ordinal);

    private static SqsQueryStructure Structure(params SqsQueryMember[] members) => new(members);

    private static SqsQueryMember Required(string name, SqsQueryShape shape, string? wireName = null) => new(name, wireName ?? name, shape, Required: true);

    private static SqsQueryMember Optional(string name, SqsQueryShape shape, string? wireName = null) => new(name, wireName ?? name, shape, Required: false);
}
