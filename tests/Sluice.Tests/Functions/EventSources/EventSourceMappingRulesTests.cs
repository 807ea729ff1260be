using System.Text.Json.Nodes;
using Sluice.Functions.Api;
using Sluice.Functions.EventSources;

namespace Sluice.Tests.Functions.EventSources;

public sealed class EventSourceMappingRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_714_564_800);

    private static EventSourceMapping Mapping(string queue = "jobs") => new()
    {
        Uuid = "u1",
        FunctionName = "worker",
        EventSourceArn = "arn:aws:sqs:us-east-1:000000000000:" + queue,
        LastModified = Now.AddDays(-1),
    };

    private static string Refusal(Action action) => Assert.Throws<LambdaException>(action).Message;

    [Fact]
    public void Apply_NoSettings_KeepsLambdasDefaults()
    {
        var mapping = EventSourceMappingRules.Apply(Mapping(), new EventSourceMappingRequest(), "worker", Now);

        Assert.Equal(10, mapping.BatchSize);
        Assert.Equal(0, mapping.MaximumBatchingWindowInSeconds);
        Assert.True(mapping.Enabled);
        Assert.Null(mapping.MaximumConcurrency);
        Assert.False(mapping.ReportsBatchItemFailures);
        Assert.Equal(Now, mapping.LastModified);
    }

    [Fact]
    public void Apply_LargeBatchWithWindow_IsAccepted()
    {
        var mapping = EventSourceMappingRules.Apply(Mapping(), new EventSourceMappingRequest { BatchSize = 10_000, MaximumBatchingWindowInSeconds = 1 }, "worker", Now);

        Assert.Equal(10_000, mapping.BatchSize);
    }

    [Fact]
    public void Apply_BatchOverTenWithoutWindow_IsRefused() =>
        Assert.Equal("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
            Refusal(() => EventSourceMappingRules.Apply(Mapping(), new EventSourceMappingRequest { BatchSize = 11 }, "worker", Now)));

    [Fact]
    public void Apply_UpdateThatDropsTheWindowUnderALargeBatch_IsRefused()
    {
        var large = Mapping() with { BatchSize = 100, MaximumBatchingWindowInSeconds = 5 };

        Refusal(() => EventSourceMappingRules.Apply(large, new EventSourceMappingRequest { MaximumBatchingWindowInSeconds = 0 }, "worker", Now));
    }

    [Fact]
    public void Apply_FifoBatchOverTen_IsRefused() =>
        Assert.Contains("FIFO", Refusal(() => EventSourceMappingRules.Apply(Mapping("jobs.fifo"),
            new EventSourceMappingRequest { BatchSize = 11, MaximumBatchingWindowInSeconds = 1 }, "worker", Now)));

    [Fact]
    public void Apply_FifoWithWindow_IsRefused() =>
        Assert.Equal("Batching window is not supported for FIFO queues.", Refusal(() => EventSourceMappingRules.Apply(Mapping("jobs.fifo"),
            new EventSourceMappingRequest { MaximumBatchingWindowInSeconds = 1 }, "worker", Now)));

    [Fact]
    public void Apply_Filters_AreRefusedRatherThanIgnored() =>
        Assert.Contains("FilterCriteria", Refusal(() => EventSourceMappingRules.Apply(Mapping(), new EventSourceMappingRequest
        {
            FilterCriteria = new FilterCriteriaShape { Filters = [new FilterShape { Pattern = """{"body":{"type":["resize"]}}""" }] },
        }, "worker", Now)));

    [Fact]
    public void Apply_EmptyScalingConfig_RemovesTheLimit()
    {
        var limited = Mapping() with { MaximumConcurrency = 5 };

        var mapping = EventSourceMappingRules.Apply(limited, new EventSourceMappingRequest { ScalingConfig = new ScalingConfigShape() }, "worker", Now);

        Assert.Null(mapping.MaximumConcurrency);
    }

    [Fact]
    public void Apply_EmptyResponseTypes_StopsReportingFailures()
    {
        var reporting = Mapping() with { FunctionResponseTypes = [EventSourceMapping.ReportBatchItemFailures] };

        var mapping = EventSourceMappingRules.Apply(reporting, new EventSourceMappingRequest { FunctionResponseTypes = [] }, "worker", Now);

        Assert.False(mapping.ReportsBatchItemFailures);
    }

    [Fact]
    public void CheckConstraints_SeveralViolations_ReportsThemAllAtOnce()
    {
        var message = Refusal(() => EventSourceMappingRules.CheckConstraints(new EventSourceMappingRequest
        {
            BatchSize = 0,
            MaximumBatchingWindowInSeconds = 301,
            ScalingConfig = new ScalingConfigShape { MaximumConcurrency = 1 },
        }));

        Assert.StartsWith("3 validation errors detected: ", message);
        Assert.Contains("Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1", message);
        Assert.Contains("Value '301' at 'maximumBatchingWindowInSeconds'", message);
        Assert.Contains("Value '1' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 2", message);
    }

    [Theory]
    [InlineData(10_001)]
    [InlineData(-1)]
    public void CheckConstraints_BatchSizeOutOfRange_IsRefused(int batchSize) =>
        Assert.StartsWith("1 validation error detected: ", Refusal(() => EventSourceMappingRules.CheckConstraints(new EventSourceMappingRequest { BatchSize = batchSize })));

    [Fact]
    public void CheckConstraints_ConcurrencyOverAThousand_IsRefused() =>
        Refusal(() => EventSourceMappingRules.CheckConstraints(new EventSourceMappingRequest { ScalingConfig = new ScalingConfigShape { MaximumConcurrency = 1001 } }));

    [Fact]
    public void CheckConstraints_UnknownResponseType_IsRefused() =>
        Assert.Contains("enum value set: [ReportBatchItemFailures]",
            Refusal(() => EventSourceMappingRules.CheckConstraints(new EventSourceMappingRequest { FunctionResponseTypes = ["Everything"] })));

    [Theory]
    [InlineData("StartingPosition", "\"LATEST\"", "StartingPosition is not valid for SQS event sources.")]
    [InlineData("ParallelizationFactor", "2", "ParallelizationFactor is not valid for SQS event sources.")]
    [InlineData("Tags", """{"a":"b"}""", "Sluice does not support Tags")]
    public void CheckMembers_MembersNotForSqs_AreRefused(string member, string value, string expected) =>
        Assert.StartsWith(expected, Refusal(() => EventSourceMappingRules.CheckMembers((JsonObject)JsonNode.Parse($$"""{"{{member}}": {{value}} }""")!)));

    [Fact]
    public void CheckMembers_SqsMembers_AreAccepted() =>
        EventSourceMappingRules.CheckMembers((JsonObject)JsonNode.Parse("""{"EventSourceArn":"arn:aws:sqs:us-east-1:000000000000:q","BatchSize":5,"StartingPosition":null}""")!);
}
