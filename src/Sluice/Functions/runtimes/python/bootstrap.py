"""Sluice's Python runtime: loads the handler named by _HANDLER (module.function) from
LAMBDA_TASK_ROOT and serves invocations through the Lambda Runtime API, as Lambda's runtime does."""
import http.client
import importlib
import json
import os
import sys
import time
import traceback
import urllib.parse

END_MARKER = "\x1eSLUICE-END "
connection = http.client.HTTPConnection(os.environ["AWS_LAMBDA_RUNTIME_API"])


def call(method, path, body=None, headers=None):
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.headers, response.read()


class LambdaContext:
    def __init__(self, request_id, deadline_ms, invoked_function_arn, client_context, identity):
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = client_context
        self.identity = identity
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def error_body(error, error_type=None):
    return {
        "errorMessage": str(error),
        "errorType": error_type or type(error).__name__,
        "requestId": "",
        "stackTrace": traceback.format_list(traceback.extract_tb(error.__traceback__)),
    }


def post_error(path, body):
    text = json.dumps(body)
    call("POST", path, text.encode(), {
        "Content-Type": "application/vnd.aws.lambda.error+json",
        "Lambda-Runtime-Function-Error-Type": body["errorType"],
    })


def end_marker(request_id):
    # stderr shares stdout's pipe (Sluice starts runtimes with 2>&1), so one marker closes the invocation's log.
    sys.stderr.flush()
    sys.stdout.write(END_MARKER + request_id + "\n")
    sys.stdout.flush()


class InitError(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def load_handler():
    setting = os.environ.get("_HANDLER", "")
    module_path, _, function_name = setting.rpartition(".")
    if not module_path or not function_name:
        raise InitError("Runtime.MalformedHandlerName", f"Bad handler '{setting}': expected module.function")
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    sys.path.insert(0, task_root)
    try:
        module = importlib.import_module(module_path.replace("/", "."))
    except ImportError as error:
        raise InitError("Runtime.ImportModuleError", f"Unable to import module '{module_path}': {error}")
    except SyntaxError as error:
        raise InitError("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_path}': {error}")
    handler = getattr(module, function_name, None)
    if handler is None:
        raise InitError("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_path}'")
    return handler


def main():
    try:
        handler = load_handler()
    except Exception as error:
        error_type = getattr(error, "error_type", None)
        print(f"[ERROR] {error_type or type(error).__name__}: {error}", file=sys.stderr, flush=True)
        post_error("/2018-06-01/runtime/init/error", error_body(error, error_type))
        sys.exit(1)

    while True:
        status, headers, body = call("GET", "/2018-06-01/runtime/invocation/next")
        if status != 200:
            sys.exit(1)
        request_id = headers["Lambda-Runtime-Aws-Request-Id"]
        if headers.get("Lambda-Runtime-Trace-Id"):
            os.environ["_X_AMZN_TRACE_ID"] = headers["Lambda-Runtime-Trace-Id"]
        client_context = headers.get("Lambda-Runtime-Client-Context")
        identity = headers.get("Lambda-Runtime-Cognito-Identity")
        context = LambdaContext(
            request_id,
            int(headers["Lambda-Runtime-Deadline-Ms"]),
            headers["Lambda-Runtime-Invoked-Function-Arn"],
            json.loads(client_context) if client_context else None,
            json.loads(identity) if identity else None,
        )
        base = "/2018-06-01/runtime/invocation/" + urllib.parse.quote(request_id, safe="")
        try:
            result = handler(json.loads(body), context)
            payload = json.dumps(result).encode()
        except Exception as error:
            failure = error_body(error)
            failure["requestId"] = request_id
            print(f"[ERROR] {failure['errorType']}: {failure['errorMessage']}", flush=True)
            end_marker(request_id)
            post_error(base + "/error", failure)
            continue
        end_marker(request_id)
        call("POST", base + "/response", payload, {"Content-Type": "application/json"})


if __name__ == "__main__":
    main()
