using System.Text;
using System.Text.Json;
using Sluice.Functions;
using Sluice.Functions.Async;
using Sluice.Functions.Local;
using Sluice.Functions.Scheduling;

namespace Sluice.Tests.Functions;

public class DestinationRecordTests
{
    [Fact]
    public void Create_FailedInvocation_HasAwsShapeWithEmbeddedPayloads()
    {
        var error = InvocationResult.Unhandled(Encoding.UTF8.GetBytes("""{"errorMessage":"boom","errorType":"Error"}"""), "Error");
        var bytes = DestinationRecord.Create(DateTimeOffset.UnixEpoch, "req-1", "arn:aws:lambda:us-east-1:000000000000:function:f",
            DestinationRecord.RetriesExhausted, 3, """{"k":1}"""u8, error);
        var record = JsonDocument.Parse(bytes).RootElement;

        Assert.Equal("1970-01-01T00:00:00.000Z", record.GetProperty("timestamp").GetString());
        Assert.Equal("RetriesExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(3, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST", record.GetProperty("requestContext").GetProperty("functionArn").GetString());
        Assert.Equal(1, record.GetProperty("requestPayload").GetProperty("k").GetInt32());
        Assert.Equal("Unhandled", record.GetProperty("responseContext").GetProperty("functionError").GetString());
        Assert.Equal("boom", record.GetProperty("responsePayload").GetProperty("errorMessage").GetString());
    }

    [Fact]
    public void Generate_S3Put_EncodesKeyLikeS3()
    {
        var json = S3EventGenerator.Generate(Sluice.Events.S3EventName.ObjectCreatedPut, "b", "dir/red flower+1.jpg", 5, "us-east-1", DateTimeOffset.UnixEpoch);
        var key = JsonDocument.Parse(json).RootElement.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString();
        Assert.Equal("dir/red+flower%2B1.jpg", key);
    }
}
