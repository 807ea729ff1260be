// The AWS SDK for JavaScript v2 at 2.1490.0, the last version whose SQS client speaks the query protocol, against
// a sluice server, for the SQS query acceptance tests: what a program on that SDK does with default settings
// (body MD5s verified), printed as one JSON object that the C# test asserts on.
//
//   node sqs_query_client.mjs lifecycle PREFIX   every operation on queues named PREFIX-…, in order
//   node sqs_query_client.mjs redrive PREFIX     a dead-letter queue's sources, and a message move task back
//   node sqs_query_client.mjs errors PREFIX      the errors SQS answers, as the SDK surfaces them (code, status)
//   node sqs_query_client.mjs raw METHOD PATH FORM   one request signed by the SDK's SigV4 signer for sqs, FORM as the
//                                                    body of a POST or the query string of a GET: status and body
//
// SLUICE_ENDPOINT is the server (http://127.0.0.1:PORT); credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
import { createHash } from "node:crypto";
import AWS from "aws-sdk";

const [command, prefix, ...rest] = process.argv.slice(2);

const sqs = new AWS.SQS({
  endpoint: process.env.SLUICE_ENDPOINT,
  region: "us-east-1",
  credentials: new AWS.Credentials(process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY),
  maxRetries: 0,
});

const result = {};
let step = "";
try {
  if (command === "lifecycle") await lifecycle();
  else if (command === "redrive") await redrive();
  else if (command === "errors") await errors();
  else if (command === "raw") await raw(prefix, ...rest);
  else throw new Error(`unknown command ${command}`);
} catch (error) {
  result.failedStep = step;
  result.error = `${error.code ?? error.name}: ${error.message}`;
}
console.log(JSON.stringify(result));

async function call(name, params) {
  step = name;
  const method = name[0].toLowerCase() + name.slice(1);
  return await sqs[method](params).promise();
}

/** The error the SDK raises for a call that must fail, or a note that it did not. */
async function failure(name, params) {
  try {
    await sqs[name[0].toLowerCase() + name.slice(1)](params).promise();
    return { code: "(no error)" };
  } catch (error) {
    return { code: error.code, statusCode: error.statusCode, message: error.message };
  }
}

// MD5OfMessageAttributes as SQS documents it, computed here independently of the server.
function md5OfAttributes(attributes) {
  const parts = [];
  const put = (bytes) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name];
    put(Buffer.from(name, "utf8"));
    put(Buffer.from(value.DataType, "utf8"));
    const binary = value.BinaryValue !== undefined;
    parts.push(Buffer.from([binary ? 2 : 1]));
    put(binary ? Buffer.from(value.BinaryValue) : Buffer.from(value.StringValue, "utf8"));
  }
  return createHash("md5").update(Buffer.concat(parts)).digest("hex");
}

function base64(buffer) {
  return buffer === undefined ? undefined : Buffer.from(buffer).toString("base64");
}

async function lifecycle() {
  const dlqName = `${prefix}-dlq`;
  const dlqUrl = (await call("CreateQueue", { QueueName: dlqName })).QueueUrl;
  const dlqArn = (await call("GetQueueAttributes", { QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] })).Attributes.QueueArn;
  result.dlqArn = dlqArn;

  const name = `${prefix}-jobs`;
  const created = await call("CreateQueue", {
    QueueName: name,
    Attributes: { VisibilityTimeout: "45", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) },
    tags: { team: "data" },
  });
  const url = created.QueueUrl;
  result.queueUrl = url;
  result.createAgain = (await call("CreateQueue", {
    QueueName: name,
    Attributes: { VisibilityTimeout: "45", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) },
  })).QueueUrl;
  result.getQueueUrl = (await call("GetQueueUrl", { QueueName: name })).QueueUrl;

  await call("CreateQueue", { QueueName: `${prefix}-other` });
  const firstPage = await call("ListQueues", { QueueNamePrefix: prefix, MaxResults: 2 });
  const secondPage = await call("ListQueues", { QueueNamePrefix: prefix, MaxResults: 2, NextToken: firstPage.NextToken });
  result.listed = [...(firstPage.QueueUrls ?? []), ...(secondPage.QueueUrls ?? [])];
  result.listedAll = (await call("ListQueues", { QueueNamePrefix: prefix })).QueueUrls ?? [];

  await call("SetQueueAttributes", { QueueUrl: url, Attributes: { DelaySeconds: "0", ReceiveMessageWaitTimeSeconds: "1" } });
  result.attributes = (await call("GetQueueAttributes", { QueueUrl: url, AttributeNames: ["All"] })).Attributes;

  await call("TagQueue", { QueueUrl: url, Tags: { env: "test", owner: "me" } });
  await call("UntagQueue", { QueueUrl: url, TagKeys: ["owner"] });
  result.tags = (await call("ListQueueTags", { QueueUrl: url })).Tags;

  const attributes = {
    origin: { DataType: "String", StringValue: "api" },
    count: { DataType: "Number", StringValue: "42" },
    blob: { DataType: "Binary", BinaryValue: Buffer.from([0, 1, 2, 254, 255]) },
  };
  const body = "héllo & <world>\r\n";
  const sent = await call("SendMessage", {
    QueueUrl: url,
    MessageBody: body,
    MessageAttributes: attributes,
    MessageSystemAttributes: { AWSTraceHeader: { DataType: "String", StringValue: "Root=1-5759e988-bd862e3fe1be46a994272793" } },
  });
  result.sent = sent;
  result.expectedMd5OfBody = createHash("md5").update(body, "utf8").digest("hex");
  result.expectedMd5OfAttributes = md5OfAttributes(attributes);
  result.expectedMd5OfSystemAttributes = md5OfAttributes({ AWSTraceHeader: { DataType: "String", StringValue: "Root=1-5759e988-bd862e3fe1be46a994272793" } });

  const received = await call("ReceiveMessage", {
    QueueUrl: url, AttributeNames: ["All"], MessageAttributeNames: ["All"], MaxNumberOfMessages: 10, WaitTimeSeconds: 5,
  });
  const message = received.Messages[0];
  result.received = {
    count: received.Messages.length,
    messageId: message.MessageId,
    body: message.Body,
    md5OfBody: message.MD5OfBody,
    md5OfMessageAttributes: message.MD5OfMessageAttributes,
    attributes: message.Attributes,
    messageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([key, value]) =>
      [key, { DataType: value.DataType, StringValue: value.StringValue, BinaryValue: base64(value.BinaryValue) }])),
  };
  await call("ChangeMessageVisibility", { QueueUrl: url, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 });
  const again = await call("ReceiveMessage", { QueueUrl: url, AttributeNames: ["ApproximateReceiveCount"], WaitTimeSeconds: 5 });
  result.receivedAgain = { messageId: again.Messages[0].MessageId, receiveCount: again.Messages[0].Attributes.ApproximateReceiveCount };
  await call("DeleteMessage", { QueueUrl: url, ReceiptHandle: again.Messages[0].ReceiptHandle });

  const batch = await call("SendMessageBatch", {
    QueueUrl: url,
    Entries: [
      { Id: "one", MessageBody: "first", MessageAttributes: { kind: { DataType: "String.custom", StringValue: "x" } } },
      { Id: "two", MessageBody: "second" },
      { Id: "three", MessageBody: "third", DelaySeconds: 0 },
    ],
  });
  result.sentBatch = { successful: batch.Successful.map((entry) => entry.Id).sort(), failed: batch.Failed.length };
  const handles = [];
  const bodies = [];
  for (let attempt = 0; attempt < 10 && handles.length < 3; attempt++) {
    const page = await call("ReceiveMessage", { QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
    for (const each of page.Messages ?? []) {
      handles.push(each.ReceiptHandle);
      bodies.push(each.Body);
    }
  }
  result.batchBodies = bodies.sort();
  const changed = await call("ChangeMessageVisibilityBatch", {
    QueueUrl: url,
    Entries: handles.map((handle, i) => ({ Id: `c${i}`, ReceiptHandle: handle, VisibilityTimeout: 60 })),
  });
  result.changedBatch = { successful: changed.Successful.length, failed: changed.Failed.length };
  const deleted = await call("DeleteMessageBatch", {
    QueueUrl: url,
    Entries: handles.map((handle, i) => ({ Id: `d${i}`, ReceiptHandle: handle })),
  });
  result.deletedBatch = { successful: deleted.Successful.length, failed: deleted.Failed.length };

  await call("SendMessage", { QueueUrl: url, MessageBody: "to be purged" });
  await call("PurgeQueue", { QueueUrl: url });
  result.afterPurge = (await call("ReceiveMessage", { QueueUrl: url, WaitTimeSeconds: 0 })).Messages ?? [];

  result.addPermission = await failure("AddPermission", { QueueUrl: url, Label: "grant", AWSAccountIds: ["111122223333"], Actions: ["SendMessage"] });
  result.removePermission = await failure("RemovePermission", { QueueUrl: url, Label: "grant" });

  await call("DeleteQueue", { QueueUrl: url });
  await call("DeleteQueue", { QueueUrl: dlqUrl });
  await call("DeleteQueue", { QueueUrl: `${result.queueUrl.slice(0, result.queueUrl.lastIndexOf("/"))}/${prefix}-other` });
  result.remaining = (await call("ListQueues", { QueueNamePrefix: prefix })).QueueUrls ?? [];
}

async function redrive() {
  const dlqUrl = (await call("CreateQueue", { QueueName: `${prefix}-dlq` })).QueueUrl;
  const dlqArn = (await call("GetQueueAttributes", { QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] })).Attributes.QueueArn;
  const url = (await call("CreateQueue", {
    QueueName: `${prefix}-src`,
    Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) },
  })).QueueUrl;
  const arn = (await call("GetQueueAttributes", { QueueUrl: url, AttributeNames: ["QueueArn"] })).Attributes.QueueArn;
  result.sourceUrl = url;
  result.deadLetterSources = (await call("ListDeadLetterSourceQueues", { QueueUrl: dlqUrl })).queueUrls;

  await call("SendMessage", { QueueUrl: dlqUrl, MessageBody: "dead" });
  const task = await call("StartMessageMoveTask", { SourceArn: dlqArn, DestinationArn: arn, MaxNumberOfMessagesPerSecond: 10 });
  result.taskHandle = task.TaskHandle;
  result.moveTasks = (await call("ListMessageMoveTasks", { SourceArn: dlqArn, MaxResults: 10 })).Results;
  let moved = [];
  for (let attempt = 0; attempt < 10 && moved.length === 0; attempt++)
    moved = (await call("ReceiveMessage", { QueueUrl: url, WaitTimeSeconds: 1 })).Messages ?? [];
  result.moved = moved.map((message) => message.Body);

  // A slow task over five messages is still running when it is cancelled.
  await call("SendMessageBatch", { QueueUrl: dlqUrl, Entries: [1, 2, 3, 4, 5].map((i) => ({ Id: `m${i}`, MessageBody: `slow ${i}` })) });
  const slow = await call("StartMessageMoveTask", { SourceArn: dlqArn, DestinationArn: arn, MaxNumberOfMessagesPerSecond: 1 });
  result.cancelled = await call("CancelMessageMoveTask", { TaskHandle: slow.TaskHandle });
  result.afterCancel = (await call("ListMessageMoveTasks", { SourceArn: dlqArn, MaxResults: 1 })).Results;
}

async function errors() {
  const url = (await call("CreateQueue", { QueueName: `${prefix}-errors` })).QueueUrl;
  const missing = `${url.slice(0, url.lastIndexOf("/"))}/${prefix}-missing`;
  step = "errors";
  result.getQueueUrlMissing = await failure("GetQueueUrl", { QueueName: `${prefix}-missing` });
  result.sendToMissing = await failure("SendMessage", { QueueUrl: missing, MessageBody: "x" });
  result.createDifferent = await failure("CreateQueue", { QueueName: `${prefix}-errors`, Attributes: { VisibilityTimeout: "7" } });
  result.badQueueName = await failure("CreateQueue", { QueueName: "not valid!" });
  result.badAttributeValue = await failure("SetQueueAttributes", { QueueUrl: url, Attributes: { VisibilityTimeout: "99999" } });
  result.unknownAttribute = await failure("GetQueueAttributes", { QueueUrl: url, AttributeNames: ["NoSuchAttribute"] });
  result.forgedHandleDelete = await failure("DeleteMessage", { QueueUrl: url, ReceiptHandle: "forged" });
  result.forgedHandleChange = await failure("ChangeMessageVisibility", { QueueUrl: url, ReceiptHandle: "forged", VisibilityTimeout: 10 });

  await call("SendMessage", { QueueUrl: url, MessageBody: "once" });
  const first = (await call("ReceiveMessage", { QueueUrl: url, WaitTimeSeconds: 5 })).Messages[0];
  await call("ChangeMessageVisibility", { QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 0 });
  step = "errors";
  result.notInflightChange = await failure("ChangeMessageVisibility", { QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 10 });
  const second = (await call("ReceiveMessage", { QueueUrl: url, WaitTimeSeconds: 5 })).Messages[0];
  step = "errors";
  result.staleHandleChange = await failure("ChangeMessageVisibility", { QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 10 });
  await call("DeleteMessage", { QueueUrl: url, ReceiptHandle: second.ReceiptHandle });
  step = "errors";

  result.duplicateIds = await failure("SendMessageBatch", { QueueUrl: url, Entries: [{ Id: "a", MessageBody: "1" }, { Id: "a", MessageBody: "2" }] });
  result.tooManyEntries = await failure("SendMessageBatch", {
    QueueUrl: url, Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: "x" })),
  });
  result.emptyBatch = await failure("DeleteMessageBatch", { QueueUrl: url, Entries: [] });
  const mixed = await call("DeleteMessageBatch", { QueueUrl: url, Entries: [{ Id: "forged", ReceiptHandle: "forged" }] });
  result.batchEntryFailure = mixed.Failed.map((entry) => ({ id: entry.Id, code: entry.Code, senderFault: entry.SenderFault }));
  result.receiveTooMany = await failure("ReceiveMessage", { QueueUrl: url, MaxNumberOfMessages: 11 });
  await call("DeleteQueue", { QueueUrl: url });
}

async function raw(method, path, form) {
  step = "raw";
  const endpoint = new AWS.Endpoint(process.env.SLUICE_ENDPOINT);
  const request = new AWS.HttpRequest(endpoint, "us-east-1");
  request.method = method;
  request.path = method === "GET" ? `${path}?${form}` : path;
  request.headers.Host = endpoint.host;
  if (method !== "GET") {
    request.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
    request.body = form;
    request.headers["Content-Length"] = Buffer.byteLength(form);
  }
  new AWS.Signers.V4(request, "sqs").addAuthorization(sqs.config.credentials, new Date());
  const response = await new Promise((resolve, reject) => {
    AWS.HttpClient.getInstance().handleRequest(request, {}, (stream) => {
      const chunks = [];
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("end", () => resolve({ status: stream.statusCode, contentType: stream.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") }));
    }, reject);
  });
  Object.assign(result, response);
}
