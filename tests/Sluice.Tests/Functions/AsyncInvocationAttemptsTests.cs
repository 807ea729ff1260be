using System.Text.Json;
using Sluice.Catalog;
using Sluice.Functions;
using Sluice.Functions.Async;
using Sluice.Functions.Definitions;

namespace Sluice.Tests.Functions;

public class AsyncInvocationAttemptsTests
{
    private const string Handler = """
        const fs = require('fs');
        exports.handler = async (event) => {
          if (event.out) fs.writeFileSync(event.out, JSON.stringify(event));
          if (event.requestPayload?.recordTo) fs.writeFileSync(event.requestPayload.recordTo, JSON.stringify(event));
          if (event.hang) await new Promise(() => setInterval(() => {}, 1000));
          if (event.fail) throw new Error('always ' + event.fail);
          return 'ok';
        };
        """;

    private static ReadOnlyMemory<byte> Event(object value) => JsonSerializer.SerializeToUtf8Bytes(value);

    [Fact]
    public async Task Dispatch_HandlerSucceeds_RecordsOneSuccessAndLeavesTheQueue()
    {
        await using var context = await AsyncDispatchContext.StartAsync(TimeSpan.FromMilliseconds(20));
        await context.CreateNodeFunctionAsync("works", Handler);
        var id = await context.Queue.EnqueueAsync("works", Event(new { n = 1 }));

        await AsyncDispatchContext.WaitUntilAsync(() => context.Pending(id) is null, "the invocation to leave the queue");
        var attempt = Assert.Single(context.Attempts(id));
        Assert.Equal((1, AsyncInvocationAttempts.Success, null), (attempt.Attempt, attempt.Outcome, attempt.Error));
    }

    [Fact]
    public async Task Dispatch_RowsEnqueuedByReference_RunWithTheSourcesPayload_OrFailWhenWhatItReferredToIsGone()
    {
        var output = Path.Combine(Path.GetTempPath(), $"referenced-{Guid.NewGuid():N}.json");
        var payloads = new OnePayload(Reference: 1, Event(new { @out = output, n = 7 }).ToArray());
        await using var context = await AsyncDispatchContext.StartAsync(TimeSpan.FromMilliseconds(20), payloads);
        await context.CreateNodeFunctionAsync("referenced", Handler,
            config: new EventInvokeConfig { MaximumRetryAttempts = 0, LastModified = DateTimeOffset.UtcNow });
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (found, gone) = await context.Catalog.WriteAsync(connection => (
            context.Queue.EnqueueReference(connection, "referenced", 1, now, AsyncInvocationQueue.NewRequestId()),
            context.Queue.EnqueueReference(connection, "referenced", 2, now, AsyncInvocationQueue.NewRequestId())));
        context.Queue.Wake();

        await AsyncDispatchContext.WaitUntilAsync(() => context.Pending(found) is null && context.Pending(gone) is null, "both invocations to finish");
        Assert.Equal(AsyncInvocationAttempts.Success, Assert.Single(context.Attempts(found)).Outcome);
        Assert.Contains("\"n\":7", File.ReadAllText(output));
        Assert.Equal(AsyncInvocationAttempts.Error, Assert.Single(context.Attempts(gone)).Outcome);
        File.Delete(output);
    }

    private sealed record OnePayload(long Reference, byte[] Bytes) : IQueuedPayloadSource
    {
        public byte[]? Payload(CatalogConnection connection, long reference) => reference == Reference ? Bytes : null;
    }

    [Fact]
    public async Task Dispatch_HandlerFailsEveryTime_RecordsEachAttemptWithItsError()
    {
        await using var context = await AsyncDispatchContext.StartAsync(TimeSpan.FromMilliseconds(20));
        await context.CreateNodeFunctionAsync("fails", Handler);
        var id = await context.Queue.EnqueueAsync("fails", Event(new { fail = "e1" }));

        await AsyncDispatchContext.WaitUntilAsync(() => context.Pending(id) is null, "the retries to run out");
        var attempts = context.Attempts(id);
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.Equal(AsyncInvocationAttempts.Error, a.Outcome));
        Assert.All(attempts, a => Assert.Contains("always e1", a.Error));
        Assert.True(attempts[0].Started <= attempts[1].Started && attempts[1].Started <= attempts[2].Started);
    }

    [Fact]
    public async Task Pending_AfterAFailedAttempt_ShowsAttemptsNextAttemptTimeAndLastError()
    {
        await using var context = await AsyncDispatchContext.StartAsync(TimeSpan.FromHours(1));
        await context.CreateNodeFunctionAsync("later", Handler);
        var id = await context.Queue.EnqueueAsync("later", Event(new { fail = "first" }));

        await AsyncDispatchContext.WaitUntilAsync(() => context.Attempts(id).Count == 1, "the first attempt");
        var pending = context.Pending(id);
        Assert.NotNull(pending);
        Assert.Equal(("later", 1), (pending.FunctionName, pending.Attempts));
        Assert.Contains("always first", pending.LastError);
        Assert.InRange(pending.NextAttemptAt - context.Attempts(id)[0].Started, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Null(context.Pending("no-such-invocation"));
    }

    [Fact]
    public async Task Dispatch_HandlerTimesOut_RecordsTimeout()
    {
        await using var context = await AsyncDispatchContext.StartAsync(TimeSpan.FromMilliseconds(20));
        await context.CreateNodeFunctionAsync("slow", Handler, timeout: 1,
            config: new EventInvokeConfig { MaximumRetryAttempts = 0, LastModified = DateTimeOffset.UtcNow });
        var id = await context.Queue.EnqueueAsync("slow", Event(new { hang = true }));

        await AsyncDispatchContext.WaitUntilAsync(() => context.Pending(id) is null, "the timed-out invocation to finish");
        var attempt = Assert.Single(context.Attempts(id));
        Assert.Equal(AsyncInvocationAttempts.Timeout, attempt.Outcome);
        Assert.Contains("Task timed out after 1.00 seconds", attempt.Error);
    }

    [Fact]
    public async Task Dispatch_ReservedConcurrencyZero_SendsToOnFailureDestinationAtOnceWithoutRunning()
    {
        await using var context = await AsyncDispatchContext.StartAsync(TimeSpan.FromHours(1));
        var record = Path.Combine(Path.GetTempPath(), $"sluice-record-{Guid.NewGuid():N}.json");
        var ran = Path.Combine(Path.GetTempPath(), $"sluice-ran-{Guid.NewGuid():N}.json");
        await context.CreateNodeFunctionAsync("destination", Handler);
        await context.CreateNodeFunctionAsync("disabled", Handler, reservedConcurrency: 0, config: new EventInvokeConfig
        {
            OnFailure = "arn:aws:lambda:us-east-1:000000000000:function:destination",
            LastModified = DateTimeOffset.UtcNow,
        });
        // The destination's record embeds this event as requestPayload; its recordTo makes the destination write the record.
        var id = await context.Queue.EnqueueAsync("disabled", Event(new { recordTo = record, @out = ran }));

        await AsyncDispatchContext.WaitUntilAsync(() => File.Exists(record), "the on-failure destination to receive the record");
        var attempt = Assert.Single(context.Attempts(id));
        Assert.Equal(AsyncInvocationAttempts.Throttled, attempt.Outcome);
        Assert.Null(context.Pending(id));
        var delivered = JsonDocument.Parse(File.ReadAllText(record)).RootElement;
        Assert.Equal("RetriesExhausted", delivered.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(record, delivered.GetProperty("requestPayload").GetProperty("recordTo").GetString());
        Assert.False(File.Exists(ran));
        File.Delete(record);
    }

    [Fact]
    public async Task Dispatch_EventOlderThanMaximumAge_RecordsAgeExceededWithoutRunning()
    {
        await using var context = await AsyncDispatchContext.StartAsync(TimeSpan.FromMilliseconds(20));
        var ran = Path.Combine(Path.GetTempPath(), $"sluice-ran-{Guid.NewGuid():N}.json");
        await context.CreateNodeFunctionAsync("stale", Handler,
            config: new EventInvokeConfig { MaximumEventAgeInSeconds = 60, LastModified = DateTimeOffset.UtcNow });
        var twoMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds();
        var id = await context.Catalog.WriteAsync(connection =>
            context.Queue.Enqueue(connection, "stale", Event(new { @out = ran }), twoMinutesAgo));
        context.Queue.Wake();

        await AsyncDispatchContext.WaitUntilAsync(() => context.Pending(id) is null, "the stale event to be dropped");
        var attempt = Assert.Single(context.Attempts(id));
        Assert.Equal(AsyncInvocationAttempts.AgeExceeded, attempt.Outcome);
        Assert.False(File.Exists(ran));
    }
}
