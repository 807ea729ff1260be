using Sluice.Functions;
using Sluice.Functions.Async;

namespace Sluice.Tests.Functions;

/// <summary>A queued invocation's retry brought forward to now (`sluice events redeliver` on an event waiting for one).</summary>
public sealed class AsyncInvocationDueNowTests
{
    [Fact]
    public async Task MakeDueNow_RetryWaitingTenMinutes_RunsNowOnce()
    {
        await using var context = await AsyncDispatchContext.StartAsync(retryDelay: TimeSpan.FromMinutes(10));
        var marker = Path.Combine(Directory.CreateTempSubdirectory("sluice-due-now-").FullName, "failed-once");
        await context.CreateNodeFunctionAsync("fails-once", $$"""
            const fs = require('fs');
            exports.handler = async () => {
              if (!fs.existsSync('{{marker}}')) { fs.writeFileSync('{{marker}}', ''); throw new Error('first attempt fails'); }
              return 'ok';
            };
            """);
        var id = await context.Queue.EnqueueAsync("fails-once", "{}"u8.ToArray());
        await AsyncDispatchContext.WaitUntilAsync(() => context.Pending(id) is { Attempts: 1, LastError: not null }, "the first attempt to fail");
        Assert.True(context.Pending(id)!.NextAttemptAt > DateTimeOffset.UtcNow.AddMinutes(5));

        var made = await context.Catalog.WriteAsync(connection =>
            context.Queue.MakeDueNow(connection, id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        context.Queue.Wake();

        Assert.True(made);
        await AsyncDispatchContext.WaitUntilAsync(() => context.Pending(id) is null, "the retry brought forward to finish");
        Assert.Equal([AsyncInvocationAttempts.Error, AsyncInvocationAttempts.Success], context.Attempts(id).Select(a => a.Outcome));
    }
}
