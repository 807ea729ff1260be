// The AWS SDK for JavaScript v3 against a sluice server, for JsSdkTests: what a user's program does with
// default settings, and what it saw printed as one JSON object that the C# test asserts on.
//
//   node s3_client.mjs lifecycle path|virtual-host BUCKET FOLDER   put (string, stream), get, list, delete
//   node s3_client.mjs awkward-keys path BUCKET                     keys with control characters, listed
//
// SLUICE_ENDPOINT is a hostname endpoint (http://localhost:PORT). "path" sets forcePathStyle; with
// "virtual-host" the SDK addresses BUCKET.localhost, which not every resolver maps to loopback, so this
// script resolves *.localhost itself (as browsers and systemd-resolved do).
import { createHash } from "node:crypto";
import dns from "node:dns";
import { createReadStream, writeFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";

const [command, style, bucket, folder] = process.argv.slice(2);

function loopbackLookup(hostname, options, callback) {
  if (!hostname.endsWith(".localhost")) return dns.lookup(hostname, options, callback);
  if (options.all) return callback(null, [{ address: "127.0.0.1", family: 4 }]);
  return callback(null, "127.0.0.1", 4);
}

const s3 = new S3Client({
  endpoint: process.env.SLUICE_ENDPOINT,
  region: "us-east-1",
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
  forcePathStyle: style === "path",
  maxAttempts: 1,
  requestHandler: { httpAgent: new http.Agent({ keepAlive: true, lookup: loopbackLookup }) },
});

const result = {};
let step = "";
try {
  if (command === "lifecycle") await lifecycle();
  else if (command === "awkward-keys") await awkwardKeys();
  else throw new Error(`unknown command ${command}`);
} catch (error) {
  result.failedStep = step;
  result.error = `${error.name}: ${error.message}`;
}
console.log(JSON.stringify(result));

async function lifecycle() {
  step = "CreateBucket";
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));

  step = "PutObject string";
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "docs/a b+c.txt", Body: "hello from js", ContentType: "text/plain" }));
  result.stringETag = put.ETag;

  // A stream body goes out aws-chunked with a CRC32 trailer, even over plain http.
  step = "PutObject stream";
  const streamed = Buffer.alloc(300 * 1024);
  for (let i = 0; i < streamed.length; i++) streamed[i] = (i * 7) % 251;
  const file = join(folder, "streamed.bin");
  writeFileSync(file, streamed);
  const putStream = await s3.send(new PutObjectCommand({
    Bucket: bucket, Key: "docs/streamed.bin", Body: createReadStream(file), ContentLength: streamed.length,
  }));
  result.streamETag = putStream.ETag;
  result.streamMd5 = createHash("md5").update(streamed).digest("hex");

  step = "GetObject string";
  const get = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "docs/a b+c.txt" }));
  result.stringBody = await get.Body.transformToString();
  result.stringContentType = get.ContentType;

  step = "GetObject stream";
  const getStream = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "docs/streamed.bin" }));
  const bytes = Buffer.from(await getStream.Body.transformToByteArray());
  result.streamLength = bytes.length;
  result.streamRoundTrip = bytes.equals(streamed);

  step = "ListObjectsV2";
  const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "docs/" }));
  result.listed = (list.Contents ?? []).map((item) => item.Key);

  step = "DeleteObjects";
  const deleted = await s3.send(new DeleteObjectsCommand({
    Bucket: bucket,
    Delete: { Objects: [{ Key: "docs/a b+c.txt" }, { Key: "docs/streamed.bin" }] },
  }));
  result.deleted = (deleted.Deleted ?? []).map((item) => item.Key).sort();
  result.deleteErrors = deleted.Errors ?? [];

  step = "ListObjectsV2 after delete";
  const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  result.remaining = (after.Contents ?? []).map((item) => item.Key);
}

// JS v3 lists without encoding-type=url, so these keys come back as XML character references.
async function awkwardKeys() {
  step = "CreateBucket";
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const keys = ["tab\there", "cr\rhere", "lf\nhere", "crlf\r\nhere", "ctl\u0001here", "xml<&>\"'", "two  spaces "];
  step = "PutObject";
  for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  step = "ListObjectsV2";
  const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  result.put = keys;
  result.listed = (list.Contents ?? []).map((item) => item.Key);
  step = "GetObject";
  result.bodies = [];
  for (const key of keys) {
    const get = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    result.bodies.push(await get.Body.transformToString());
  }
}
