using Sluice.Catalog;
using Sluice.Functions;
using Sluice.Functions.Logs;
using Sluice.Functions.Scheduling;
using Sluice.Queueing;

namespace Sluice.Tests.Functions;

public class InvocationLogStoreTests
{
    private static async Task CaptureAsync(InvocationLogStore store, string function, string line)
    {
        var invocation = new Invocation(Guid.NewGuid().ToString()) { Payload = "{}"u8.ToArray(), FunctionArn = "arn" };
        invocation.Log.Append(line);
        invocation.Log.CloseStream();
        await store.CaptureAsync(function, invocation, hasEndMarkers: true);
    }

    [Fact]
    public async Task Since_AfterReopeningTheCatalog_ReturnsTheNewestLogsPerFunctionInOrder()
    {
        var path = Path.Combine(Path.GetTempPath(), $"logs-{Guid.NewGuid():N}.db");
        await using (var catalog = new SqliteCatalog(path, [QueueSchema.Schema, FunctionsSchema.Create()]))
        await using (var store = new InvocationLogStore(catalog))
        {
            for (var i = 0; i < InvocationLogStore.PerFunction + 5; i++)
                await CaptureAsync(store, "busy", $"busy-{i}");
            await CaptureAsync(store, "other", "other-0");
            await CaptureAsync(store, "deleted", "deleted-0");
            store.Forget("deleted");
        }

        await using (var catalog = new SqliteCatalog(path, [QueueSchema.Schema, FunctionsSchema.Create()]))
        await using (var store = new InvocationLogStore(catalog))
        {
            await CaptureAsync(store, "busy", "after-restart");
            var busy = store.Since("busy", 0);
            Assert.Equal(InvocationLogStore.PerFunction, busy.Count);
            Assert.Contains("busy-6\n", busy[0].Text);
            Assert.Contains("busy-204\n", busy[^2].Text);
            Assert.Contains("after-restart", busy[^1].Text);
            Assert.True(busy.Zip(busy.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));
            Assert.Contains("other-0", Assert.Single(store.Since("other", 0)).Text);
            Assert.Empty(store.Since("deleted", 0));
            Assert.Empty(store.Since("busy", busy[^1].Sequence));
        }
        File.Delete(path);
    }
}
