"""boto3 against a sluice server, for Boto3Tests: each command does what a user's script would do and
prints what it saw as one JSON object; the C# test asserts on it.

Endpoint in SLUICE_ENDPOINT, credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
  upload-download BUCKET SIZE FOLDER   upload_file (multipart above 8 MiB) then download_file
  presign BUCKET                       presigned GET and PUT, SigV2 (boto3's default) and SigV4
  paginate BUCKET COUNT                list_objects_v2 paginator over COUNT keys, 10 a page
  sigv2-header BUCKET                  bucket and object calls signed with SigV2 (signature_version "s3")
  empty-then-more BUCKET               empty put_object bodies between others, on one connection
  refused-then-accepted BUCKET         put_object refused (no such bucket), then one accepted, on one connection
"""
import hashlib
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["SLUICE_ENDPOINT"]


def client(**config):
    return boto3.client("s3", endpoint_url=ENDPOINT, region_name="us-east-1", config=Config(**config))


def one_connection_client():
    """One pooled connection, a short read timeout and no retries: a response the client loses its place
    after fails the next call in seconds instead of hanging or being hidden by a retry on a new connection."""
    return client(max_pool_connections=1, read_timeout=10, connect_timeout=5, retries={"total_max_attempts": 1})


def http(method, url, data=None):
    """(status, body) of a plain HTTP request, with requests if installed, else urllib."""
    try:
        import requests
    except ImportError:
        requests = None
    if requests is not None:
        response = requests.request(method, url, data=data, timeout=60)
        return response.status_code, response.content
    import urllib.error
    import urllib.request
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def upload_download(bucket, size, folder):
    s3 = client()
    s3.create_bucket(Bucket=bucket)
    source = os.path.join(folder, "upload.bin")
    with open(source, "wb") as file:
        file.write(os.urandom(size))
    s3.upload_file(source, bucket, "big/upload.bin")
    head = s3.head_object(Bucket=bucket, Key="big/upload.bin")
    target = os.path.join(folder, "download.bin")
    s3.download_file(bucket, "big/upload.bin", target)
    return {
        "etag": head["ETag"],
        "size": head["ContentLength"],
        "uploaded": sha256_of(source),
        "downloaded": sha256_of(target),
    }


def presign(bucket):
    client().create_bucket(Bucket=bucket)
    results = {}
    for name, config in (("v2", {}), ("v4", {"signature_version": "s3v4"})):
        s3 = client(**config)
        key = f"presigned/{name} get.txt"
        s3.put_object(Bucket=bucket, Key=key, Body=f"{name} content".encode())
        get_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=300)
        get_status, get_body = http("GET", get_url)

        put_key = f"presigned/{name} put.txt"
        put_url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": put_key}, ExpiresIn=300)
        put_status, put_body = http("PUT", put_url, data=f"{name} uploaded".encode())
        readback = s3.get_object(Bucket=bucket, Key=put_key)["Body"].read().decode() if put_status == 200 else None

        results[name] = {
            "get_url": get_url,
            "get_status": get_status,
            "get_body": get_body.decode(errors="replace"),
            "put_url": put_url,
            "put_status": put_status,
            "put_error": put_body.decode(errors="replace") if put_status != 200 else "",
            "put_readback": readback,
        }
    return results


def paginate(bucket, count):
    s3 = client()
    s3.create_bucket(Bucket=bucket)
    keys = [f"page/{index:03d}" for index in range(count)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda key: s3.put_object(Bucket=bucket, Key=key, Body=key.encode()), keys))
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="page/", PaginationConfig={"PageSize": 10})
    listed = [[item["Key"] for item in page.get("Contents", [])] for page in pages]
    return {"pages": listed}


def sigv2_header(bucket):
    s3 = client(signature_version="s3")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="v2/a b+c.txt", Body=b"signed with v2")
    body = s3.get_object(Bucket=bucket, Key="v2/a b+c.txt")["Body"].read().decode()
    listed = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    deleted = [item["Key"] for item in s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "v2/a b+c.txt"}]})["Deleted"]]
    s3.delete_bucket(Bucket=bucket)
    return {"body": body, "listed": listed, "deleted": deleted}


def empty_then_more(bucket):
    # boto3 sends every put_object with Expect: 100-continue, empty bodies (folder markers) too.
    s3 = one_connection_client()
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="photos/", Body=b"")
    s3.put_object(Bucket=bucket, Key="photos/a.txt", Body=b"after an empty one")
    s3.put_object(Bucket=bucket, Key="photos/empty.txt", Body=b"")
    s3.put_object(Bucket=bucket, Key="photos/b.txt", Body=b"and another")
    listed = {item["Key"]: item["Size"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    return {"listed": listed}


def refused_then_accepted(bucket):
    s3 = one_connection_client()
    s3.create_bucket(Bucket=bucket)
    try:
        s3.put_object(Bucket=bucket + "-missing", Key="refused.txt", Body=b"refused before its body")
        refused = None
    except ClientError as error:
        refused = error.response["Error"]["Code"]
    s3.put_object(Bucket=bucket, Key="accepted.txt", Body=b"accepted")
    body = s3.get_object(Bucket=bucket, Key="accepted.txt")["Body"].read().decode()
    return {"refused": refused, "body": body}


def main():
    command, bucket, *rest = sys.argv[1:]
    if command == "upload-download":
        result = upload_download(bucket, int(rest[0]), rest[1])
    elif command == "presign":
        result = presign(bucket)
    elif command == "paginate":
        result = paginate(bucket, int(rest[0]))
    elif command == "sigv2-header":
        result = sigv2_header(bucket)
    elif command == "empty-then-more":
        result = empty_then_more(bucket)
    elif command == "refused-then-accepted":
        result = refused_then_accepted(bucket)
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
