using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Sluice.Hosting;

/// <summary>
/// Answers <c>Expect: 100-continue</c> on HTTP/1.1 as S3 does: a <c>100 Continue</c> before every accepted
/// request's final response, and no 100 but <c>Connection: close</c> on one refused before its body was read.
/// </summary>
/// <remarks>
/// Kestrel sends the 100 itself only when the application reads a body that has not arrived yet, so an empty
/// PUT (or a body never read) got its final response alone. botocore then keeps that response's status line
/// for the connection and misparses the next response on it, and the next upload waits forever. A refusal
/// without a 100 has to close the connection: the client never sends the body Kestrel would otherwise wait
/// for after the response, and botocore's state for the connection is only reset by closing it.
/// </remarks>
public static class ExpectContinue
{
    private static ReadOnlySpan<byte> ContinueLine => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    public static Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        if (Expects100(context.Request))
            context.Response.OnStarting(AnswerBeforeFinalResponseAsync, context);
        return next(context);
    }

    private static bool Expects100(HttpRequest request) =>
        request.Headers.Expect is [{ } expect] && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase)
        && HttpProtocol.IsHttp11(request.Protocol);

    private static Task AnswerBeforeFinalResponseAsync(object state)
    {
        var context = (HttpContext)state;
        if (KestrelMayHaveAnswered(context)) return Task.CompletedTask;
        if (context.Response.StatusCode is >= 200 and < 300
            && context.Features.Get<IConnectionTransportFeature>()?.Transport is { } transport)
            return WriteContinueAsync(transport.Output, context.RequestAborted);
        // Refused before its body (or no way to send the 100): closing is what resets the client.
        context.Response.Headers.Connection = "close";
        return Task.CompletedTask;
    }

    /// <summary>
    /// A body that may have bytes and whose reading has begun: Kestrel sent the 100 if that read had to wait,
    /// and if it did not, the client sent its body unasked and waits for no 100.
    /// </summary>
    private static bool KestrelMayHaveAnswered(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
        // Kestrel makes the body size limit read-only once the body starts being read.
        && context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.IsReadOnly == true;

    /// <summary>
    /// Kestrel has no API for an informational response. On HTTP/1.1 nothing writes to the connection between a
    /// request's head and its response's head, so the line goes into the connection's output here, just before
    /// Kestrel writes the response head to the same pipe.
    /// </summary>
    private static async Task WriteContinueAsync(PipeWriter output, CancellationToken aborted)
    {
        output.Write(ContinueLine);
        await output.FlushAsync(aborted);
    }
}
