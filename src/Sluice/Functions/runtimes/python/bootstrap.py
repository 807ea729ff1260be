"""Sluice's Python runtime: loads the handler named by _HANDLER (module.function) from
LAMBDA_TASK_ROOT and serves invocations through the Lambda Runtime API, as Lambda's runtime does."""
import importlib
import json
import os
import socket
import sys
import time
import traceback
import urllib.parse

END_MARKER = "\x1eSLUICE-END "
NEXT = ("GET", "invocation/next", b"", {})


class RuntimeApi:
    """HTTP/1.1 to the Runtime API on one kept-alive loopback socket. A result and the GET for the next
    event leave in one write; answers are read in order. Sluice frames every answer with Content-Length."""

    def __init__(self, host_and_port):
        host, _, port = host_and_port.rpartition(":")
        self.host = host_and_port
        self.sock = socket.create_connection((host, int(port)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = bytearray()

    def send(self, *requests):
        data = bytearray()
        for method, path, body, headers in requests:
            data += f"{method} /2018-06-01/runtime/{path} HTTP/1.1\r\nHost: {self.host}\r\n".encode("latin-1")
            for name, value in headers.items():
                data += f"{name}: {value}\r\n".encode("latin-1")
            data += f"Content-Length: {len(body)}\r\n\r\n".encode("latin-1")
            data += body
        self.sock.sendall(data)

    def receive(self):
        """The next answer: status, headers (names in lower case) and body."""
        end = self.buffer.find(b"\r\n\r\n")
        while end < 0:
            self._fill()
            end = self.buffer.find(b"\r\n\r\n")
        lines = self.buffer[:end].decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        del self.buffer[:end + 4]
        while len(self.buffer) < length:
            self._fill()
        body = bytes(self.buffer[:length])
        del self.buffer[:length]
        return int(lines[0].split(" ")[1]), headers, body

    def call(self, *requests):
        self.send(*requests)
        return [self.receive() for _ in requests]

    def _fill(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("Runtime API connection closed")
        self.buffer += chunk


api = RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"])


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


def error_request(path, body):
    return ("POST", path, json.dumps(body).encode(), {
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
        api.call(error_request("init/error", error_body(error, error_type)))
        sys.exit(1)

    [(status, headers, body)] = api.call(NEXT)
    while True:
        if status != 200:
            sys.exit(1)
        request_id = headers["lambda-runtime-aws-request-id"]
        if headers.get("lambda-runtime-trace-id"):
            os.environ["_X_AMZN_TRACE_ID"] = headers["lambda-runtime-trace-id"]
        client_context = headers.get("lambda-runtime-client-context")
        identity = headers.get("lambda-runtime-cognito-identity")
        context = LambdaContext(
            request_id,
            int(headers["lambda-runtime-deadline-ms"]),
            headers["lambda-runtime-invoked-function-arn"],
            json.loads(client_context) if client_context else None,
            json.loads(identity) if identity else None,
        )
        base = "invocation/" + urllib.parse.quote(request_id, safe="")
        try:
            result = handler(json.loads(body), context)
            outcome = ("POST", base + "/response", json.dumps(result).encode(), {"Content-Type": "application/json"})
        except Exception as error:
            failure = error_body(error)
            failure["requestId"] = request_id
            print(f"[ERROR] {failure['errorType']}: {failure['errorMessage']}", flush=True)
            outcome = error_request(base + "/error", failure)
        end_marker(request_id)
        # The result and the request for the next event leave together; the answers come back in order.
        _, (status, headers, body) = api.call(outcome, NEXT)


if __name__ == "__main__":
    main()
