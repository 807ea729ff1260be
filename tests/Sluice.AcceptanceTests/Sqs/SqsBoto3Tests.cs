using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Sqs;

/// <summary>boto3 with its defaults (AWS JSON 1.0 for SQS), driven by python/sqs_boto3.py against one server for the class.</summary>
public sealed class SqsBoto3Tests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Sqs", "python", "sqs_boto3.py");

    private async Task<JsonElement> RunAsync(string command)
    {
        var environment = new Dictionary<string, string?>(AwsCli.Environment) { ["SLUICE_ENDPOINT"] = fixture.Endpoint };
        var prefix = $"{command}-{Guid.NewGuid():N}"[..24];
        var result = await ProcessRunner.RunAsync(Tools.Python, [Script, command, prefix], environment);
        result.EnsureSuccess($"sqs_boto3.py {command}");
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    private static string? Code(JsonElement result, string name) =>
        result.GetProperty(name).ValueKind == JsonValueKind.Null ? null : result.GetProperty(name).GetProperty("code").GetString();

    private static List<int> Ints(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetInt32())];

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];

    [Fact]
    public async Task QueueOperations_CreateListAttributesTagsPurgeDelete_AsSqs()
    {
        var result = await RunAsync("queues");

        var url = result.GetProperty("url").GetString()!;
        Assert.StartsWith($"{fixture.Endpoint}/000000000000/queues-", url);
        Assert.Equal(url, result.GetProperty("idempotent").GetString());
        Assert.Equal(url, result.GetProperty("got_url").GetString());
        Assert.Equal("QueueAlreadyExists", Code(result, "conflict"));
        Assert.Equal([2, 2, 1], result.GetProperty("pages").EnumerateArray().Select(page => page.GetArrayLength()));
        var all = result.GetProperty("all");
        Assert.Equal("45", all.GetProperty("VisibilityTimeout").GetString());
        Assert.Equal("1048576", all.GetProperty("MaximumMessageSize").GetString());
        Assert.EndsWith(":000000000000:" + url.Split('/')[^1], all.GetProperty("QueueArn").GetString());
        Assert.False(all.TryGetProperty("FifoQueue", out _));
        Assert.True(long.Parse(all.GetProperty("CreatedTimestamp").GetString()!) > 1_700_000_000);
        Assert.Equal("0", all.GetProperty("ApproximateNumberOfMessages").GetString());
        var set = result.GetProperty("after_set");
        Assert.Equal(("3", "2048", "600", "1"), (set.GetProperty("DelaySeconds").GetString(), set.GetProperty("MaximumMessageSize").GetString(),
            set.GetProperty("MessageRetentionPeriod").GetString(), set.GetProperty("ReceiveMessageWaitTimeSeconds").GetString()));
        Assert.Equal("{\"env\":\"test\",\"team\":\"data\"}", result.GetProperty("tags").GetRawText().Replace(" ", ""));
        Assert.Equal([0, 0, 0], Ints(result.GetProperty("after_purge")));
        Assert.Equal("AWS.SimpleQueueService.PurgeQueueInProgress", Code(result, "purge_again"));
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", Code(result, "after_delete"));
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", Code(result, "deleted_send"));
    }

    [Fact]
    public async Task Messages_EveryAttributeTypeBatchesAndFilters_RoundTripWithExactMd5s()
    {
        var result = await RunAsync("messages");

        foreach (var check in new[] { "sent_md5_body_ok", "sent_md5_attributes_ok", "sent_md5_system_ok", "id_matches",
            "received_md5_attributes_ok", "attributes_round_trip", "filtered_md5_ok" })
            Assert.True(result.GetProperty(check).GetBoolean(), check);
        Assert.Equal("body with ünïcode and 😀", result.GetProperty("body").GetString());
        Assert.Equal(["AWSTraceHeader", "ApproximateFirstReceiveTimestamp", "ApproximateReceiveCount", "SenderId", "SentTimestamp"],
            Strings(result.GetProperty("system")));
        Assert.Equal(["app.trace", "text"], Strings(result.GetProperty("filtered_names")));
        Assert.Equal(["SentTimestamp"], Strings(result.GetProperty("filtered_system")));
        Assert.Equal(["Body", "MD5OfBody", "MessageId", "ReceiptHandle"], Strings(result.GetProperty("bare_keys")));
        Assert.Equal(["ok-1", "ok-2"], Strings(result.GetProperty("batch_successful")));
        Assert.Equal("[[\"bad_chars\",\"InvalidMessageContents\",true]]", result.GetProperty("batch_failed").GetRawText().Replace(" ", ""));
        Assert.Equal(["one", "two"], Strings(result.GetProperty("batch_received")));
        Assert.Equal(2, result.GetProperty("delete_successful").GetInt32());
        Assert.Equal("[[\"forged\",\"ReceiptHandleIsInvalid\"]]", result.GetProperty("delete_failed").GetRawText().Replace(" ", ""));
        Assert.Equal([0, 0, 0], Ints(result.GetProperty("after_delete")));
    }

    [Fact]
    public async Task Visibility_ExpiryRedeliversAndStaleOrForgedHandlesChangeNothing()
    {
        var result = await RunAsync("visibility");

        Assert.False(result.GetProperty("visible_in_flight").GetBoolean());
        Assert.InRange(result.GetProperty("redelivered_after_s").GetDouble(), 0, 5);
        Assert.Equal(["1", "2"], Strings(result.GetProperty("counts")));
        Assert.True(result.GetProperty("same_message").GetBoolean() && result.GetProperty("new_handle").GetBoolean());
        Assert.Equal("InvalidParameterValue", Code(result, "stale_change"));
        Assert.Null(Code(result, "stale_delete"));
        Assert.Equal([0, 1, 0], Ints(result.GetProperty("after_stale_delete")));
        Assert.Equal([0, 1, 0], Ints(result.GetProperty("extended")));
        Assert.Equal("[[\"current\"],[[\"stale\",\"InvalidParameterValue\"]]]", result.GetProperty("change_batch").GetRawText().Replace(" ", ""));
        Assert.Equal("AWS.SimpleQueueService.MessageNotInflight", Code(result, "not_in_flight"));
        Assert.Equal("ReceiptHandleIsInvalid", Code(result, "forged_delete"));
        Assert.Equal("ReceiptHandleIsInvalid", Code(result, "forged_change"));
        Assert.Equal([0, 1, 0], Ints(result.GetProperty("after_forged")));
        Assert.Equal([0, 0, 0], Ints(result.GetProperty("after_delete")));
        Assert.Equal("InvalidParameterValue", Code(result, "deleted_change"));
    }

    [Fact]
    public async Task ReceiveMessage_LongPoll_WokenByASendWhileWaiting()
    {
        var result = await RunAsync("long-poll");

        Assert.Equal(["wake up"], Strings(result.GetProperty("bodies")));
        Assert.InRange(result.GetProperty("after_send_s").GetDouble(), 0, 2);
        Assert.InRange(result.GetProperty("empty_wait_s").GetDouble(), 0.9, 5);
        Assert.False(result.GetProperty("empty_has_messages").GetBoolean());
    }

    [Fact]
    public async Task Redrive_AfterMaxReceiveCount_ToTheDeadLetterQueue_AndAMoveTaskBack()
    {
        var result = await RunAsync("redrive");

        Assert.Equal(2, result.GetProperty("policy").GetProperty("maxReceiveCount").GetInt32());
        Assert.Single(Strings(result.GetProperty("sources")));
        Assert.Equal(2, result.GetProperty("receives").GetInt32());
        Assert.Equal("poison", result.GetProperty("dead_body").GetString());
        Assert.EndsWith("-source", result.GetProperty("dead_source").GetString());
        var task = result.GetProperty("task");
        Assert.Equal((true, "COMPLETED", 1), (task.GetProperty("handle_matches").GetBoolean(), task.GetProperty("status").GetString(),
            task.GetProperty("moved").GetInt32()));
        Assert.Equal(["poison", "1"], Strings(result.GetProperty("back")));
        Assert.Equal("AWS.SimpleQueueService.UnsupportedOperation", Code(result, "cancel_done"));
        Assert.Equal("InvalidParameterValue", Code(result, "not_a_dlq"));
    }

    [Fact]
    public async Task Fifo_OrderPerGroupGroupBlockedInFlightAndDeduplication()
    {
        var result = await RunAsync("fifo");

        Assert.True(result.GetProperty("sequence_increasing").GetBoolean());
        Assert.True(result.GetProperty("duplicate_same_id").GetBoolean());
        Assert.True(result.GetProperty("explicit_id_new").GetBoolean());
        Assert.Equal(["a1", "b1"], Strings(result.GetProperty("first")));
        Assert.Equal(["A", "B"], Strings(result.GetProperty("first_groups")));
        Assert.Empty(Strings(result.GetProperty("while_in_flight")));
        Assert.Equal(["a2", "a3", "b2", "a1"], Strings(result.GetProperty("after_delete")));
        Assert.Equal("{\"ContentBasedDeduplication\":\"true\",\"DeduplicationScope\":\"queue\",\"FifoQueue\":\"true\",\"FifoThroughputLimit\":\"perQueue\"}",
            result.GetProperty("attributes").GetRawText().Replace(" ", ""));
    }

    [Fact]
    public async Task BadInput_EachKind_SqsErrorAndNothingChanged()
    {
        var result = await RunAsync("bad-input");

        var expected = new Dictionary<string, string?>
        {
            ["name_chars"] = "InvalidParameterValue",
            ["name_long"] = "InvalidParameterValue",
            ["fifo_without_suffix"] = "InvalidParameterValue",
            ["attribute_range"] = "InvalidAttributeValue",
            ["attribute_unknown"] = "InvalidAttributeName",
            ["fifo_attribute_on_standard"] = "InvalidAttributeName",
            ["fifo_no_group"] = "MissingParameter",
            ["fifo_no_dedup"] = "InvalidParameterValue",
            ["duplicate_ids"] = "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
            ["bad_id"] = "AWS.SimpleQueueService.InvalidBatchEntryId",
            ["too_many"] = "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
            ["empty_batch"] = "AWS.SimpleQueueService.EmptyBatchRequest",
            ["bad_characters"] = "InvalidMessageContents",
            ["over_limit"] = "InvalidParameterValue",
            ["receive_max"] = "InvalidParameterValue",
            ["receive_wait"] = "InvalidParameterValue",
            ["no_queue"] = "AWS.SimpleQueueService.NonExistentQueue",
            ["attribute_no_value"] = "InvalidParameterValue",
            ["number_not_number"] = "InvalidParameterValue",
        };
        Assert.Equal(expected, expected.Keys.ToDictionary(name => name, name => Code(result, name)));
        Assert.Equal([0, 0, 0, 0, 0, 0], Ints(result.GetProperty("counts")));
        Assert.Equal(2, result.GetProperty("queues").GetArrayLength());
        Assert.Equal("30", result.GetProperty("attributes").GetProperty("VisibilityTimeout").GetString());
    }
}
