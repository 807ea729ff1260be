namespace Sluice.Sqs;

/// <summary>The SQS error table: each error's JSON code, query code, HTTP status and fault in one place.</summary>
public static class SqsErrors
{
    public static readonly SqsError QueueDoesNotExist = new("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400, true);
    public static readonly SqsError QueueNameExists = new("QueueNameExists", "QueueAlreadyExists", 400, true);
    public static readonly SqsError InvalidParameterValue = new("InvalidParameterValue", "InvalidParameterValue", 400, true);
    public static readonly SqsError MissingParameter = new("MissingParameter", "MissingParameter", 400, true);
    public static readonly SqsError InvalidAttributeName = new("InvalidAttributeName", "InvalidAttributeName", 400, true);
    public static readonly SqsError InvalidAttributeValue = new("InvalidAttributeValue", "InvalidAttributeValue", 400, true);
    public static readonly SqsError InvalidMessageContents = new("InvalidMessageContents", "InvalidMessageContents", 400, true);
    public static readonly SqsError ReceiptHandleIsInvalid = new("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 400, true);
    public static readonly SqsError MessageNotInflight = new("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", 400, true);
    public static readonly SqsError EmptyBatchRequest = new("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400, true);
    public static readonly SqsError TooManyEntriesInBatchRequest =
        new("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400, true);
    public static readonly SqsError BatchEntryIdsNotDistinct =
        new("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400, true);
    public static readonly SqsError InvalidBatchEntryId = new("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400, true);
    public static readonly SqsError BatchRequestTooLong = new("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400, true);
    public static readonly SqsError PurgeQueueInProgress = new("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403, true);
    public static readonly SqsError OverLimit = new("OverLimit", "OverLimit", 403, true);
    public static readonly SqsError UnsupportedOperation = new("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400, true);
    public static readonly SqsError InvalidAddress = new("InvalidAddress", "InvalidAddress", 400, true);
    public static readonly SqsError ResourceNotFound = new("ResourceNotFoundException", "ResourceNotFoundException", 404, true);
    public static readonly SqsError UnknownOperation = new("UnknownOperationException", "InvalidAction", 400, true);
    public static readonly SqsError InternalError = new("InternalError", "InternalError", 500, false);

    public static SqsException NoSuchQueue() => QueueDoesNotExist.With("The specified queue does not exist.");

    public static SqsException Missing(string parameter) => MissingParameter.With($"The request must contain the parameter {parameter}.");

    /// <summary>SQS's wording for a parameter whose value it refuses.</summary>
    public static SqsException InvalidValue(string parameter, string? value, string reason) =>
        InvalidParameterValue.With($"Value {value} for parameter {parameter} is invalid. Reason: {reason}");

    public static SqsException InvalidAttribute(string name) => InvalidAttributeValue.With($"Invalid value for the parameter {name}.");

    public static SqsException UnknownAttribute(string name) => InvalidAttributeName.With($"Unknown Attribute {name}.");

    public static SqsException InvalidHandle(string handle) =>
        ReceiptHandleIsInvalid.With($"The input receipt handle \"{handle}\" is not a valid receipt handle.");
}
