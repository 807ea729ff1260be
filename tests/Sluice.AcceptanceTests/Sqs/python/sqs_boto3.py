"""boto3 (SQS over AWS JSON 1.0) against a sluice server, for SqsBoto3Tests: each command does what a user's script
would do and prints what it saw as one JSON object; the C# test asserts on it.

Endpoint in SLUICE_ENDPOINT, credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. PREFIX names the queues.
  queues PREFIX          create (idempotent, conflicting), url, list with pagination, attributes, tags, purge, delete
  messages PREFIX        send with every attribute type, batch, receive with filters, MD5s checked here, delete, batch delete
  visibility PREFIX      visibility expiry and re-delivery, change visibility (batch), stale and forged receipt handles
  long-poll PREFIX       a long poll woken by a send made while it waits
  redrive PREFIX         maxReceiveCount moves a message to the DLQ, a move task sends it back
  fifo PREFIX            order per group, group blocked while in flight, deduplication within the window
  bad-input PREFIX       SQS's error for each kind of bad input, and nothing changed
"""
import hashlib
import json
import os
import struct
import sys
import threading
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["SLUICE_ENDPOINT"]
sqs = boto3.client("sqs", endpoint_url=ENDPOINT, region_name="us-east-1",
                   config=Config(retries={"total_max_attempts": 1}, read_timeout=30))


def md5_of_attributes(attributes):
    """SQS's checksum of message attributes, computed independently of the server."""
    buffer = b""
    for name in sorted(attributes):
        value = attributes[name]
        def put(data):
            return struct.pack(">I", len(data)) + data
        buffer += put(name.encode()) + put(value["DataType"].encode())
        if "BinaryValue" in value:
            buffer += b"\x02" + put(value["BinaryValue"])
        else:
            buffer += b"\x01" + put(value["StringValue"].encode())
    return hashlib.md5(buffer).hexdigest()


def error_of(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as error:
        return {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": error.response["Error"].get("Message", "")}
    return None


def counts(url):
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"])["Attributes"]
    return [int(attributes["ApproximateNumberOfMessages"]), int(attributes["ApproximateNumberOfMessagesNotVisible"]),
            int(attributes["ApproximateNumberOfMessagesDelayed"])]


def queues(prefix):
    result = {}
    url = sqs.create_queue(QueueName=f"{prefix}-a", Attributes={"VisibilityTimeout": "45"}, tags={"team": "data"})["QueueUrl"]
    result["url"] = url
    result["idempotent"] = sqs.create_queue(QueueName=f"{prefix}-a", Attributes={"VisibilityTimeout": "45"})["QueueUrl"]
    result["conflict"] = error_of(sqs.create_queue, QueueName=f"{prefix}-a", Attributes={"VisibilityTimeout": "46"})
    for suffix in "bcde":
        sqs.create_queue(QueueName=f"{prefix}-{suffix}")
    result["got_url"] = sqs.get_queue_url(QueueName=f"{prefix}-a")["QueueUrl"]
    pages = []
    for page in sqs.get_paginator("list_queues").paginate(QueueNamePrefix=prefix, PaginationConfig={"PageSize": 2}):
        pages.append([u.rsplit("/", 1)[1] for u in page.get("QueueUrls", [])])
    result["pages"] = pages
    result["all"] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "3", "MaximumMessageSize": "2048",
                                                       "MessageRetentionPeriod": "600", "ReceiveMessageWaitTimeSeconds": "1"})
    result["after_set"] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout"])["Attributes"]
    sqs.tag_queue(QueueUrl=url, Tags={"env": "test", "owner": "me"})
    sqs.untag_queue(QueueUrl=url, TagKeys=["owner"])
    result["tags"] = sqs.list_queue_tags(QueueUrl=url).get("Tags", {})
    sqs.send_message(QueueUrl=url, MessageBody="to purge")
    sqs.purge_queue(QueueUrl=url)
    result["after_purge"] = counts(url)
    result["purge_again"] = error_of(sqs.purge_queue, QueueUrl=url)
    sqs.delete_queue(QueueUrl=url)
    result["after_delete"] = error_of(sqs.get_queue_url, QueueName=f"{prefix}-a")
    result["deleted_send"] = error_of(sqs.send_message, QueueUrl=url, MessageBody="x")
    return result


def messages(prefix):
    result = {}
    url = sqs.create_queue(QueueName=f"{prefix}-messages")["QueueUrl"]
    attributes = {
        "text": {"DataType": "String", "StringValue": "héllo wörld"},
        "count": {"DataType": "Number", "StringValue": "42.5"},
        "blob": {"DataType": "Binary", "BinaryValue": bytes(range(256))},
        "custom": {"DataType": "String.json", "StringValue": "{\"a\":1}"},
        "app.trace": {"DataType": "Number.int", "StringValue": "7"},
    }
    body = "body with ünïcode and 😀"
    sent = sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=attributes,
                            MessageSystemAttributes={"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-abc"}})
    result["sent_md5_body_ok"] = sent["MD5OfMessageBody"] == hashlib.md5(body.encode()).hexdigest()
    result["sent_md5_attributes_ok"] = sent["MD5OfMessageAttributes"] == md5_of_attributes(attributes)
    result["sent_md5_system_ok"] = sent["MD5OfMessageSystemAttributes"] == md5_of_attributes(
        {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-abc"}})
    received = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"],
                                   VisibilityTimeout=0)["Messages"][0]
    result["body"] = received["Body"]
    result["id_matches"] = received["MessageId"] == sent["MessageId"]
    result["received_md5_attributes_ok"] = received["MD5OfMessageAttributes"] == md5_of_attributes(received["MessageAttributes"])
    result["attributes_round_trip"] = received["MessageAttributes"] == attributes
    result["system"] = sorted(received["Attributes"].keys())
    result["trace"] = received["Attributes"]["AWSTraceHeader"]
    filtered = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["app.*", "text"], AttributeNames=["SentTimestamp"],
                                   VisibilityTimeout=0)["Messages"][0]
    result["filtered_names"] = sorted(filtered["MessageAttributes"].keys())
    result["filtered_md5_ok"] = filtered["MD5OfMessageAttributes"] == md5_of_attributes(filtered["MessageAttributes"])
    result["filtered_system"] = sorted(filtered["Attributes"].keys())
    bare = sqs.receive_message(QueueUrl=url)["Messages"][0]
    result["bare_keys"] = sorted(bare.keys())
    sqs.delete_message(QueueUrl=url, ReceiptHandle=bare["ReceiptHandle"])
    batch = sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "ok-1", "MessageBody": "one"},
        {"Id": "bad_chars", "MessageBody": "bell \u0007"},
        {"Id": "ok-2", "MessageBody": "two", "DelaySeconds": 0},
    ])
    result["batch_successful"] = sorted(entry["Id"] for entry in batch["Successful"])
    result["batch_failed"] = [[entry["Id"], entry["Code"], entry["SenderFault"]] for entry in batch["Failed"]]
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    result["batch_received"] = sorted(message["Body"] for message in got)
    deleted = sqs.delete_message_batch(QueueUrl=url, Entries=[
        {"Id": f"d{i}", "ReceiptHandle": message["ReceiptHandle"]} for i, message in enumerate(got)] + [
        {"Id": "forged", "ReceiptHandle": "forged-handle"}])
    result["delete_successful"] = len(deleted["Successful"])
    result["delete_failed"] = [[entry["Id"], entry["Code"]] for entry in deleted["Failed"]]
    result["after_delete"] = counts(url)
    return result


def visibility(prefix):
    result = {}
    url = sqs.create_queue(QueueName=f"{prefix}-visibility", Attributes={"VisibilityTimeout": "1"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="again")
    first = sqs.receive_message(QueueUrl=url, AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
    result["visible_in_flight"] = "Messages" in sqs.receive_message(QueueUrl=url)
    started = time.monotonic()
    second = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=10, AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
    result["redelivered_after_s"] = time.monotonic() - started
    result["counts"] = [first["Attributes"]["ApproximateReceiveCount"], second["Attributes"]["ApproximateReceiveCount"]]
    result["same_message"] = first["MessageId"] == second["MessageId"]
    result["new_handle"] = first["ReceiptHandle"] != second["ReceiptHandle"]
    result["stale_change"] = error_of(sqs.change_message_visibility, QueueUrl=url, ReceiptHandle=first["ReceiptHandle"], VisibilityTimeout=60)
    result["stale_delete"] = error_of(sqs.delete_message, QueueUrl=url, ReceiptHandle=first["ReceiptHandle"])
    result["after_stale_delete"] = counts(url)
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=second["ReceiptHandle"], VisibilityTimeout=600)
    result["extended"] = counts(url)
    changed = sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
        {"Id": "current", "ReceiptHandle": second["ReceiptHandle"], "VisibilityTimeout": 0},
        {"Id": "stale", "ReceiptHandle": first["ReceiptHandle"], "VisibilityTimeout": 0}])
    result["change_batch"] = [[e["Id"] for e in changed["Successful"]], [[e["Id"], e["Code"]] for e in changed["Failed"]]]
    result["not_in_flight"] = error_of(sqs.change_message_visibility, QueueUrl=url, ReceiptHandle=second["ReceiptHandle"], VisibilityTimeout=5)
    third = sqs.receive_message(QueueUrl=url, VisibilityTimeout=30)["Messages"][0]
    result["forged_delete"] = error_of(sqs.delete_message, QueueUrl=url, ReceiptHandle=third["ReceiptHandle"][:-2] + "AA")
    result["forged_change"] = error_of(sqs.change_message_visibility, QueueUrl=url, ReceiptHandle="garbage", VisibilityTimeout=5)
    result["after_forged"] = counts(url)
    sqs.delete_message(QueueUrl=url, ReceiptHandle=third["ReceiptHandle"])
    result["after_delete"] = counts(url)
    result["deleted_change"] = error_of(sqs.change_message_visibility, QueueUrl=url, ReceiptHandle=third["ReceiptHandle"], VisibilityTimeout=5)
    return result


def long_poll(prefix):
    url = sqs.create_queue(QueueName=f"{prefix}-poll")["QueueUrl"]
    outcome = {}
    waiting = threading.Event()

    def poll():
        client = boto3.client("sqs", endpoint_url=ENDPOINT, region_name="us-east-1", config=Config(read_timeout=30))
        waiting.set()
        started = time.monotonic()
        response = client.receive_message(QueueUrl=url, WaitTimeSeconds=20)
        outcome["elapsed"] = time.monotonic() - started
        outcome["bodies"] = [m["Body"] for m in response.get("Messages", [])]

    thread = threading.Thread(target=poll)
    thread.start()
    waiting.wait()
    time.sleep(0.5)  # lets the poll reach the server first: the point is a send that arrives while it waits
    sent_at = time.monotonic()
    sqs.send_message(QueueUrl=url, MessageBody="wake up")
    thread.join()
    outcome["after_send_s"] = time.monotonic() - sent_at
    empty_started = time.monotonic()
    empty = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)
    outcome["empty_wait_s"] = time.monotonic() - empty_started
    outcome["empty_has_messages"] = "Messages" in empty
    return outcome


def redrive(prefix):
    result = {}
    dlq = sqs.create_queue(QueueName=f"{prefix}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    source = sqs.create_queue(QueueName=f"{prefix}-source", Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"})})["QueueUrl"]
    result["policy"] = json.loads(sqs.get_queue_attributes(QueueUrl=source, AttributeNames=["RedrivePolicy"])["Attributes"]["RedrivePolicy"])
    result["sources"] = sqs.list_dead_letter_source_queues(QueueUrl=dlq).get("queueUrls", [])
    sqs.send_message(QueueUrl=source, MessageBody="poison")
    receives = 0
    for _ in range(4):
        if "Messages" in sqs.receive_message(QueueUrl=source, VisibilityTimeout=0):
            receives += 1
    result["receives"] = receives
    dead = sqs.receive_message(QueueUrl=dlq, VisibilityTimeout=0, MessageSystemAttributeNames=["All"])["Messages"][0]
    result["dead_body"] = dead["Body"]
    result["dead_source"] = dead["Attributes"].get("DeadLetterQueueSourceArn")
    handle = sqs.start_message_move_task(SourceArn=dlq_arn)["TaskHandle"]
    deadline = time.monotonic() + 10
    while True:
        task = sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]
        if task["Status"] != "RUNNING" or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    result["task"] = {"handle_matches": task["TaskHandle"] == handle, "status": task["Status"],
                      "moved": task["ApproximateNumberOfMessagesMoved"]}
    back = sqs.receive_message(QueueUrl=source, AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
    result["back"] = [back["Body"], back["Attributes"]["ApproximateReceiveCount"]]
    result["cancel_done"] = error_of(sqs.cancel_message_move_task, TaskHandle=handle)
    result["not_a_dlq"] = error_of(sqs.start_message_move_task, SourceArn=dlq_arn.replace("-dlq", "-source"))
    return result


def fifo(prefix):
    result = {}
    url = sqs.create_queue(QueueName=f"{prefix}.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
    sent = []
    for body, group in [("a1", "A"), ("b1", "B"), ("a2", "A"), ("a3", "A"), ("b2", "B")]:
        sent.append(sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId=group))
    result["sequence_increasing"] = all(int(x["SequenceNumber"]) < int(y["SequenceNumber"]) for x, y in zip(sent, sent[1:]))
    duplicate = sqs.send_message(QueueUrl=url, MessageBody="a1", MessageGroupId="A")
    result["duplicate_same_id"] = duplicate["MessageId"] == sent[0]["MessageId"]
    explicit = sqs.send_message(QueueUrl=url, MessageBody="a1", MessageGroupId="A", MessageDeduplicationId="other-id")
    result["explicit_id_new"] = explicit["MessageId"] != sent[0]["MessageId"]
    first = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=2, VisibilityTimeout=30,
                                MessageSystemAttributeNames=["MessageGroupId", "SequenceNumber", "MessageDeduplicationId"])["Messages"]
    result["first"] = [m["Body"] for m in first]
    result["first_groups"] = [m["Attributes"]["MessageGroupId"] for m in first]
    second = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    result["while_in_flight"] = [m["Body"] for m in second.get("Messages", [])]
    for message in first + second.get("Messages", []):
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    rest = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    result["after_delete"] = [m["Body"] for m in rest]
    result["attributes"] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"])["Attributes"]
    return result


def bad_input(prefix):
    result = {}
    url = sqs.create_queue(QueueName=f"{prefix}-bad", Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    fifo_url = sqs.create_queue(QueueName=f"{prefix}-bad.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    cases = {
        "name_chars": (sqs.create_queue, {"QueueName": "bad name!"}),
        "name_long": (sqs.create_queue, {"QueueName": "x" * 81}),
        "fifo_without_suffix": (sqs.create_queue, {"QueueName": f"{prefix}-nofifo", "Attributes": {"FifoQueue": "true"}}),
        "attribute_range": (sqs.set_queue_attributes, {"QueueUrl": url, "Attributes": {"VisibilityTimeout": "43201"}}),
        "attribute_unknown": (sqs.set_queue_attributes, {"QueueUrl": url, "Attributes": {"Colour": "blue"}}),
        "fifo_attribute_on_standard": (sqs.set_queue_attributes, {"QueueUrl": url, "Attributes": {"ContentBasedDeduplication": "true"}}),
        "fifo_no_group": (sqs.send_message, {"QueueUrl": fifo_url, "MessageBody": "x", "MessageDeduplicationId": "d"}),
        "fifo_no_dedup": (sqs.send_message, {"QueueUrl": fifo_url, "MessageBody": "x", "MessageGroupId": "g"}),
        "duplicate_ids": (sqs.send_message_batch, {"QueueUrl": url, "Entries": [{"Id": "same", "MessageBody": "a"}, {"Id": "same", "MessageBody": "b"}]}),
        "bad_id": (sqs.send_message_batch, {"QueueUrl": url, "Entries": [{"Id": "not ok", "MessageBody": "a"}]}),
        "too_many": (sqs.send_message_batch, {"QueueUrl": url, "Entries": [{"Id": f"e{i}", "MessageBody": "a"} for i in range(11)]}),
        "empty_batch": (sqs.send_message_batch, {"QueueUrl": url, "Entries": []}),
        "bad_characters": (sqs.send_message, {"QueueUrl": url, "MessageBody": "nul \u0000 here"}),
        "over_limit": (sqs.send_message, {"QueueUrl": url, "MessageBody": "x" * 1025}),
        "receive_max": (sqs.receive_message, {"QueueUrl": url, "MaxNumberOfMessages": 11}),
        "receive_wait": (sqs.receive_message, {"QueueUrl": url, "WaitTimeSeconds": 21}),
        "no_queue": (sqs.send_message, {"QueueUrl": url + "-missing", "MessageBody": "x"}),
        "attribute_no_value": (sqs.send_message, {"QueueUrl": url, "MessageBody": "x", "MessageAttributes": {"a": {"DataType": "String", "StringValue": ""}}}),
        "number_not_number": (sqs.send_message, {"QueueUrl": url, "MessageBody": "x", "MessageAttributes": {"a": {"DataType": "Number", "StringValue": "abc"}}}),
    }
    for name, (call, kwargs) in cases.items():
        result[name] = error_of(call, **kwargs)
    result["counts"] = counts(url) + counts(fifo_url)
    result["queues"] = sorted(u.rsplit("/", 1)[1] for u in sqs.list_queues(QueueNamePrefix=prefix).get("QueueUrls", []))
    result["attributes"] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]
    return result


COMMANDS = {"queues": queues, "messages": messages, "visibility": visibility, "long-poll": long_poll,
            "redrive": redrive, "fifo": fifo, "bad-input": bad_input}

if __name__ == "__main__":
    print(json.dumps(COMMANDS[sys.argv[1]](sys.argv[2])))
