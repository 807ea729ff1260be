namespace Sluice.Functions.EventSources;

/// <summary>A queue's ARN, <c>arn:aws:sqs:REGION:ACCOUNT:NAME</c>, taken apart.</summary>
public sealed record SqsQueueArn(string Region, string AccountId, string Name)
{
    public bool IsFifo => Name.EndsWith(".fifo", StringComparison.Ordinal);

    /// <summary>The parts of an SQS queue ARN, or null when <paramref name="arn"/> names anything else.</summary>
    public static SqsQueueArn? Parse(string arn) => arn.Split(':') switch
    {
        ["arn", "aws", "sqs", { Length: > 0 } region, { Length: 12 } account, { Length: > 0 } name] when account.All(char.IsAsciiDigit) =>
            new SqsQueueArn(region, account, name),
        _ => null,
    };
}
