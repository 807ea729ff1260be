// The AWS SDK for JavaScript v3 SQS client against a sluice server, for SqsJsSdkTests: what a user's program does with
// default settings (JSON 1.0, MD5 checks of bodies on), and what it saw printed as one JSON object.
//
//   node sqs_client.mjs lifecycle PREFIX    create, send (single, batch), long poll woken by a send, receive, delete
//   node sqs_client.mjs fifo PREFIX         FIFO order per group and deduplication
//
// SLUICE_ENDPOINT is the server; the client has an explicit endpoint, so it sends to it whatever host QueueUrl names.
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";

const [command, prefix] = process.argv.slice(2);

const sqs = new SQSClient({
  endpoint: process.env.SLUICE_ENDPOINT,
  region: "us-east-1",
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
  maxAttempts: 1,
});

const result = {};
let step = "";
try {
  if (command === "lifecycle") await lifecycle();
  else if (command === "fifo") await fifo();
  else throw new Error(`unknown command ${command}`);
} catch (error) {
  result.failedStep = step;
  result.error = `${error.name}: ${error.message}`;
}
console.log(JSON.stringify(result));

async function lifecycle() {
  step = "CreateQueue";
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-js`, Attributes: { VisibilityTimeout: "60" } }));
  result.queueUrl = QueueUrl;

  step = "SendMessage";
  const sent = await sqs.send(new SendMessageCommand({
    QueueUrl, MessageBody: "hello from js ✓",
    MessageAttributes: { origin: { DataType: "String", StringValue: "api" }, bytes: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) } },
  }));
  result.sentMd5 = sent.MD5OfMessageBody;

  step = "SendMessageBatch";
  const batch = await sqs.send(new SendMessageBatchCommand({
    QueueUrl, Entries: [{ Id: "a", MessageBody: "batch a" }, { Id: "b", MessageBody: "batch b", DelaySeconds: 0 }],
  }));
  result.batchSuccessful = batch.Successful.map((entry) => entry.Id).sort();

  step = "ReceiveMessage";
  const received = await sqs.send(new ReceiveMessageCommand({
    QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["All"],
  }));
  result.received = received.Messages.map((message) => message.Body).sort();
  const hello = received.Messages.find((message) => message.Body.startsWith("hello"));
  result.origin = hello.MessageAttributes.origin.StringValue;
  result.bytes = Array.from(hello.MessageAttributes.bytes.BinaryValue);

  step = "DeleteMessageBatch";
  const deleted = await sqs.send(new DeleteMessageBatchCommand({
    QueueUrl, Entries: received.Messages.map((message, i) => ({ Id: `m${i}`, ReceiptHandle: message.ReceiptHandle })),
  }));
  result.deleted = deleted.Successful.length;

  step = "ReceiveMessage long poll";
  const started = Date.now();
  const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "during the poll" }));
  const polled = await polling;
  result.polled = polled.Messages.map((message) => message.Body);
  result.pollMs = Date.now() - started;

  step = "DeleteMessage";
  await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: polled.Messages[0].ReceiptHandle }));

  step = "GetQueueAttributes";
  const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }));
  result.remaining = attributes.Attributes.ApproximateNumberOfMessages;
  result.visibility = attributes.Attributes.VisibilityTimeout;
}

async function fifo() {
  step = "CreateQueue";
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({
    QueueName: `${prefix}-js.fifo`, Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" },
  }));
  step = "SendMessage";
  for (const [body, group] of [["1", "g"], ["2", "g"], ["1", "g"], ["3", "h"]])
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: group }));
  step = "ReceiveMessage";
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  result.bodies = received.Messages.map((message) => message.Body);
}
