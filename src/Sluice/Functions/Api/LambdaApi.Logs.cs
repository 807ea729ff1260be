using System.Globalization;
using System.Text;

namespace Sluice.Functions.Api;

// Sluice's own: a function's recent invocation logs as text (what `sluice logs` shows).
public sealed partial class LambdaApi
{
    private async Task GetLogsAsync(HttpContext context, string functionName)
    {
        var name = Resolve(functionName).Definition.Name;
        var after = long.TryParse(context.Request.Query["after"], CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
        var wait = context.Request.Query["wait"] == "true";
        var entries = logs.Since(name, after);
        if (entries.Count == 0 && wait)
        {
            // A long poll for --follow: return when a log arrives or after 20 s.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            while (entries.Count == 0 && !timeout.IsCancellationRequested)
            {
                await logs.NextAppendAsync().WaitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                entries = logs.Since(name, after);
            }
        }
        var text = new StringBuilder();
        foreach (var entry in entries)
            text.Append(entry.Text);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Sluice-Log-Sequence"] = (entries.Count > 0 ? entries[^1].Sequence : after).ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsync(text.ToString());
    }
}
