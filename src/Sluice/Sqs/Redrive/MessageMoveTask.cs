namespace Sluice.Sqs.Redrive;

/// <summary>A message move task (DLQ redrive) as ListMessageMoveTasks reports it.</summary>
public sealed record MessageMoveTask(
    string TaskHandle, string Status, string SourceArn, string? DestinationArn, int? MaxNumberOfMessagesPerSecond,
    long ApproximateNumberOfMessagesMoved, long ApproximateNumberOfMessagesToMove, string? FailureReason, long StartedTimestamp)
{
    public const string Running = "RUNNING";
    public const string Completed = "COMPLETED";
    public const string Cancelling = "CANCELLING";
    public const string Cancelled = "CANCELLED";
    public const string Failed = "FAILED";
}
