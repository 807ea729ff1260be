namespace Sluice.Sqs.Api;

/// <summary>
/// Who called and how: <paramref name="BaseUrl"/> is the scheme and host the client used (queue URLs are built on it),
/// <paramref name="SenderId"/> the signer's access key (a message's SenderId), <paramref name="Aborted"/> ends a long poll.
/// </summary>
public sealed record SqsCall(string BaseUrl, string SenderId, CancellationToken Aborted)
{
    public static SqsCall Of(HttpContext context, string senderId) =>
        new($"{context.Request.Scheme}://{context.Request.Host}", senderId, context.RequestAborted);
}
