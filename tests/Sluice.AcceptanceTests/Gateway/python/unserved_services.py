"""boto3 calls to services Sluice does not serve, for UnservedServiceTests: prints, per service, the error
code and message botocore parsed (or what else happened) as one JSON object.

Endpoint in SLUICE_ENDPOINT, credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
"""
import json
import os

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["SLUICE_ENDPOINT"]
CALLS = {
    "sns": lambda c: c.list_topics(),
    "events": lambda c: c.list_rules(),
    "dynamodb": lambda c: c.list_tables(),
    "sts": lambda c: c.get_caller_identity(),
}

seen = {}
for service, call in CALLS.items():
    client = boto3.client(service, endpoint_url=ENDPOINT, region_name="us-east-1",
                          config=Config(retries={"max_attempts": 1}, read_timeout=20, connect_timeout=5))
    try:
        call(client)
        seen[service] = {"outcome": "succeeded"}
    except ClientError as error:
        seen[service] = {
            "outcome": "error",
            "code": error.response["Error"].get("Code"),
            "message": error.response["Error"].get("Message"),
            "status": error.response["ResponseMetadata"].get("HTTPStatusCode"),
            "operation": error.operation_name,
            "text": str(error),
        }
    except Exception as error:  # a parse failure or a hang is what this test exists to catch
        seen[service] = {"outcome": type(error).__name__, "text": str(error)}
print(json.dumps(seen))
