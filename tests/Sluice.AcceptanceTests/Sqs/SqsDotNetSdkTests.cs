using System.Net;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Sluice.AcceptanceTests.Infrastructure;

namespace Sluice.AcceptanceTests.Sqs;

/// <summary>
/// AWSSDK.SQS from NuGet with its default settings: the JSON 1.0 protocol, and MD5 verification of bodies and message
/// attributes on (a wrong checksum throws in the SDK), typed exceptions from the error codes.
/// </summary>
public sealed class SqsDotNetSdkTests(SluiceServerFixture fixture) : IClassFixture<SluiceServerFixture>, IDisposable
{
    private readonly AmazonSQSClient _sqs = new(new BasicAWSCredentials(SluiceProcess.AccessKey, SluiceProcess.SecretKey),
        new AmazonSQSConfig { ServiceURL = fixture.Endpoint, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public void Dispose() => _sqs.Dispose();

    private static string Name(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..30];

    [Fact]
    public async Task SendReceiveDelete_AttributesOfEveryType_SdkVerifiesTheChecksums()
    {
        var url = (await _sqs.CreateQueueAsync(Name("dotnet"))).QueueUrl;
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["text"] = new() { DataType = "String", StringValue = "värde" },
            ["number"] = new() { DataType = "Number", StringValue = "-12.5" },
            ["blob"] = new() { DataType = "Binary", BinaryValue = new MemoryStream([0, 1, 2, 255]) },
            ["custom"] = new() { DataType = "String.kind", StringValue = "x" },
        };

        var sent = await _sqs.SendMessageAsync(new SendMessageRequest(url, "hello from .NET") { MessageAttributes = attributes });
        var batch = await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest(url, [
            new SendMessageBatchRequestEntry("first", "one") { MessageAttributes = new() { ["n"] = new() { DataType = "Number", StringValue = "1" } } },
            new SendMessageBatchRequestEntry("second", "two"),
        ]));
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url)
        {
            MaxNumberOfMessages = 10,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        });

        Assert.Equal(HttpStatusCode.OK, sent.HttpStatusCode);
        Assert.Equal(["first", "second"], batch.Successful.Select(entry => entry.Id).Order());
        var messages = received.Messages.ToDictionary(message => message.Body);
        Assert.Equal(["hello from .NET", "one", "two"], messages.Keys.Order());
        var hello = messages["hello from .NET"];
        Assert.Equal(sent.MessageId, hello.MessageId);
        Assert.Equal("värde", hello.MessageAttributes["text"].StringValue);
        Assert.Equal([0, 1, 2, 255], hello.MessageAttributes["blob"].BinaryValue.ToArray());
        Assert.Equal("1", hello.Attributes["ApproximateReceiveCount"]);
        var deleted = await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest(url,
            [.. received.Messages.Select((message, i) => new DeleteMessageBatchRequestEntry($"m{i}", message.ReceiptHandle))]));
        Assert.Equal(3, deleted.Successful.Count);
        Assert.Null(deleted.Failed is { Count: > 0 } ? deleted.Failed : null);
    }

    [Fact]
    public async Task Errors_MissingQueueForgedHandleRepeatedIds_TypedExceptions()
    {
        var url = (await _sqs.CreateQueueAsync(Name("dotnet-errors"))).QueueUrl;

        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.GetQueueUrlAsync(Name("missing")));
        await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(() => _sqs.DeleteMessageAsync(url, "forged"));
        await Assert.ThrowsAsync<BatchEntryIdsNotDistinctException>(() => _sqs.SendMessageBatchAsync(new SendMessageBatchRequest(url, [
            new SendMessageBatchRequestEntry("same", "a"), new SendMessageBatchRequestEntry("same", "b")])));
        await Assert.ThrowsAsync<QueueNameExistsException>(() => _sqs.CreateQueueAsync(new CreateQueueRequest(url.Split('/')[^1])
        {
            Attributes = new() { ["VisibilityTimeout"] = "99" },
        }));
        var counts = await _sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages"]);
        Assert.Equal(0, counts.ApproximateNumberOfMessages);
    }

    [Fact]
    public async Task Fifo_SdkSendsGroupAndDeduplicationIds_SequenceNumbersAndDeduplication()
    {
        var url = (await _sqs.CreateQueueAsync(new CreateQueueRequest(Name("dotnet") + ".fifo")
        {
            Attributes = new() { ["FifoQueue"] = "true" },
        })).QueueUrl;

        var first = await _sqs.SendMessageAsync(new SendMessageRequest(url, "x") { MessageGroupId = "g", MessageDeduplicationId = "d" });
        var again = await _sqs.SendMessageAsync(new SendMessageRequest(url, "x") { MessageGroupId = "g", MessageDeduplicationId = "d" });
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 10, MessageSystemAttributeNames = ["All"] });

        Assert.Equal((first.MessageId, first.SequenceNumber), (again.MessageId, again.SequenceNumber));
        var message = Assert.Single(received.Messages);
        Assert.Equal(("g", "d", first.SequenceNumber),
            (message.Attributes["MessageGroupId"], message.Attributes["MessageDeduplicationId"], message.Attributes["SequenceNumber"]));
    }
}
