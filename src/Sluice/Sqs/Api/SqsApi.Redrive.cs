using System.Text.Json.Nodes;

namespace Sluice.Sqs.Api;

/// <summary>The dead-letter operations: which queues redrive to a queue, and moving its messages back (message move tasks).</summary>
public sealed partial class SqsApi
{
    private JsonObject ListDeadLetterSourceQueues(SqsInput input, SqsCall call)
    {
        var sources = queues.DeadLetterSourcesOf(Queue(input));
        var page = Page(sources, input, queue => queue.Name, out var nextToken);
        // The JSON model names this member in lower camel case, unlike every other list.
        return UrlList("queueUrls", page.Select(queue => Url(call, queue)), nextToken);
    }

    private async Task<JsonObject> StartMessageMoveTaskAsync(SqsInput input)
    {
        var handle = await moveTasks.StartTaskAsync(input.RequiredString("SourceArn"), input.String("DestinationArn"),
            input.Int("MaxNumberOfMessagesPerSecond"));
        return new JsonObject { ["TaskHandle"] = handle };
    }

    private JsonObject ListMessageMoveTasks(SqsInput input)
    {
        var results = new JsonArray();
        foreach (var task in moveTasks.List(input.RequiredString("SourceArn"), input.Int("MaxResults")))
        {
            var entry = new JsonObject
            {
                ["TaskHandle"] = task.TaskHandle,
                ["Status"] = task.Status,
                ["SourceArn"] = task.SourceArn,
                ["ApproximateNumberOfMessagesMoved"] = task.ApproximateNumberOfMessagesMoved,
                ["ApproximateNumberOfMessagesToMove"] = task.ApproximateNumberOfMessagesToMove,
                ["StartedTimestamp"] = task.StartedTimestamp,
            };
            if (task.DestinationArn is { } destination) entry["DestinationArn"] = destination;
            if (task.MaxNumberOfMessagesPerSecond is { } rate) entry["MaxNumberOfMessagesPerSecond"] = rate;
            if (task.FailureReason is { } reason) entry["FailureReason"] = reason;
            results.Add(entry);
        }
        return new JsonObject { ["Results"] = results };
    }

    private async Task<JsonObject> CancelMessageMoveTaskAsync(SqsInput input) =>
        new() { ["ApproximateNumberOfMessagesMoved"] = await moveTasks.CancelAsync(input.RequiredString("TaskHandle")) };
}
