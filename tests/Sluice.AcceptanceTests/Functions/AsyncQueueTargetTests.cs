using System.Text.Json;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Functions;

/// <summary>Async invocations sending to SQS: an on-failure destination gets the invocation record, a dead-letter queue the event itself.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class AsyncQueueTargetTests(FunctionsServerFixture server)
{
    private static readonly Dictionary<string, string> FailingHandler = new()
    {
        ["index.js"] = "exports.handler = async (event) => { throw new Error('cannot process ' + event.n); };",
    };

    [Fact]
    public async Task OnFailureDestination_QueueAndNoRetries_TheQueueGetsTheInvocationRecord()
    {
        var name = FunctionsServerFixture.UniqueName("to-queue");
        var queue = await SqsCliQueue.CreateAsync(server.Cli, "failures");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", FailingHandler);
        await server.Cli.RunOkAsync("lambda", "put-function-event-invoke-config", "--function-name", name, "--maximum-retry-attempts", "0",
            "--destination-config", $$$"""{"OnFailure": {"Destination": "{{{queue.Arn}}}"}}""");
        var invoked = await server.InvokeAsync(name, """{"n": 7}""", "--invocation-type", "Event");
        Assert.Equal(202, invoked.Output.GetProperty("StatusCode").GetInt32());

        var (body, _) = await queue.ReceiveOneAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("RetriesExhausted", body.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(1, body.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal(7, body.GetProperty("requestPayload").GetProperty("n").GetInt32());
        Assert.Equal("cannot process 7", body.GetProperty("responsePayload").GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task DeadLetterConfig_QueueOnCreateFunction_AFailedEventArrivesAsItWasWithItsErrorAttributes()
    {
        var name = FunctionsServerFixture.UniqueName("dlq");
        var queue = await SqsCliQueue.CreateAsync(server.Cli, "dead-letters");
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", FailingHandler, "--dead-letter-config", $"TargetArn={queue.Arn}");
        var configuration = JsonDocument.Parse(await server.Cli.RunOkAsync("lambda", "get-function-configuration", "--function-name", name)).RootElement;
        Assert.Equal(queue.Arn, configuration.GetProperty("DeadLetterConfig").GetProperty("TargetArn").GetString());
        await server.Cli.RunOkAsync("lambda", "put-function-event-invoke-config", "--function-name", name, "--maximum-retry-attempts", "0");
        await server.InvokeAsync(name, """{"n": 3}""", "--invocation-type", "Event");

        var (body, message) = await queue.ReceiveOneAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(3, body.GetProperty("n").GetInt32());
        var attributes = message.GetProperty("MessageAttributes");
        Assert.Matches("^[0-9a-f-]{36}$", attributes.GetProperty("RequestID").GetProperty("StringValue").GetString());
        Assert.Equal("Number", attributes.GetProperty("ErrorCode").GetProperty("DataType").GetString());
        Assert.Equal("200", attributes.GetProperty("ErrorCode").GetProperty("StringValue").GetString());
        Assert.Contains("cannot process 3", attributes.GetProperty("ErrorMessage").GetProperty("StringValue").GetString());
    }

    [Fact]
    public async Task QueueTargets_QueueDoesNotExist_RefusedWithInvalidParameterValueAndNothingChanged()
    {
        var name = FunctionsServerFixture.UniqueName("no-queue");
        const string missing = "arn:aws:sqs:us-east-1:000000000000:no-such-queue";
        await server.CreateFunctionAsync(name, "nodejs20.x", "index.handler", FailingHandler);
        var destination = await server.Cli.RunAsync("lambda", "put-function-event-invoke-config", "--function-name", name,
            "--destination-config", $$$"""{"OnFailure": {"Destination": "{{{missing}}}"}}""");
        Assert.NotEqual(0, destination.ExitCode);
        Assert.Contains("InvalidParameterValueException", destination.Stderr);
        var deadLetter = await server.Cli.RunAsync("lambda", "update-function-configuration", "--function-name", name,
            "--dead-letter-config", $"TargetArn={missing}");
        Assert.NotEqual(0, deadLetter.ExitCode);
        Assert.Contains("InvalidParameterValueException", deadLetter.Stderr);
        var configuration = JsonDocument.Parse(await server.Cli.RunOkAsync("lambda", "get-function-configuration", "--function-name", name)).RootElement;
        Assert.False(configuration.TryGetProperty("DeadLetterConfig", out _));
        var config = await server.Cli.RunAsync("lambda", "get-function-event-invoke-config", "--function-name", name);
        Assert.Contains("ResourceNotFoundException", config.Stderr);
    }
}
