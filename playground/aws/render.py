"""Render a recorded call as an `aws` CLI command and as a boto3 script, both runnable."""

from __future__ import annotations

import base64
import json
import shlex
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# Emulators accept any key; these fixed values are not secrets and make the command runnable.
EMULATOR_KEY_ID = "test"
EMULATOR_SECRET = "test"
HOST_PREFIXED = {("stepfunctions", "StartSyncExecution"), ("stepfunctions", "TestState")}
"""Operations AWS serves on a prefixed host (sync-states…): against a local endpoint the host
prefix must be turned off, or the call goes to sync-127.0.0.1."""
HELD_CALLS = {("stepfunctions", "GetActivityTask"): 70,
              ("stepfunctions", "StartSyncExecution"): 310,
              ("stepfunctions", "TestState"): 310}
"""Calls the service holds open (a 60 s long poll, an Express run of up to 5 minutes): the
CLI's read timeout (60 s by default) must be longer."""
CLI_COMMANDS = {"s3": "s3api"}
"""Where the CLI's command is not botocore's service name (`aws s3` is the high-level one)."""
CLI_OUTFILE = {("s3", "GetObject"): "/dev/stdout", ("lambda", "Invoke"): "response.json"}
"""Calls whose CLI command needs an output file as its last argument."""
ZIP_FILE = "function.zip"
"""What a Lambda deployment package is shown as: the bytes are a zip, never worth printing."""


class _Source(str):
    """Python source that stands for a value in a boto3 script (its repr is itself)."""

    def __repr__(self) -> str:
        return str(self)


def _lambda_cli(operation: str, params: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Lambda's blobs as the CLI takes them: the zip as `--zip-file fileb://function.zip`
    (create-function and update-function-code have that flag), an invoke payload as its JSON
    text (`--cli-binary-format raw-in-base64-out`, else CLI v2 reads it as base64)."""
    params = dict(params)
    extra: list[str] = []
    code = params.get("Code")
    if operation == "CreateFunction" and isinstance(code, dict) and "ZipFile" in code:
        rest = {k: v for k, v in code.items() if k != "ZipFile"}
        params.pop("Code")
        if rest:
            params["Code"] = rest
        extra += ["--zip-file", f"fileb://{ZIP_FILE}"]
    if operation == "UpdateFunctionCode" and "ZipFile" in params:
        params.pop("ZipFile")
        extra += ["--zip-file", f"fileb://{ZIP_FILE}"]
    payload = params.get("Payload")
    if operation == "Invoke" and isinstance(payload, bytes | bytearray):
        params.pop("Payload")
        text = bytes(payload).decode("utf-8", "replace")
        extra += ["--cli-binary-format", "raw-in-base64-out", "--payload", shlex.quote(text)]
    return params, extra


def _lambda_boto3(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """The zip read from `function.zip` in the script, not its bytes."""
    params = dict(params)
    read = _Source(f"open({ZIP_FILE!r}, 'rb').read()")
    code = params.get("Code")
    if operation == "CreateFunction" and isinstance(code, dict) and "ZipFile" in code:
        params["Code"] = {**code, "ZipFile": read}
    if operation == "UpdateFunctionCode" and "ZipFile" in params:
        params["ZipFile"] = read
    return params


@dataclass(frozen=True)
class CallContext:
    """Where a call went, which is what a learner needs to redo it."""

    endpoint_url: str | None = None
    region: str = "us-east-1"
    profile: str | None = None
    emulator_credentials: bool = False


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _cli_value(value: Any, shape: Any) -> str:
    type_name = getattr(shape, "type_name", None)
    if type_name in ("structure", "list", "map") or isinstance(value, dict | list):
        return shlex.quote(json.dumps(_jsonable(value), separators=(",", ":")))
    if isinstance(value, bytes | bytearray):
        # CLI v2 reads blob arguments as base64 by default.
        return shlex.quote(base64.b64encode(bytes(value)).decode())
    if isinstance(value, datetime):
        return shlex.quote(value.isoformat())
    return shlex.quote(str(value))


def render_cli(service: str, operation: str, params: dict[str, Any], ctx: CallContext,
               input_shape: Any = None) -> str:
    members = getattr(input_shape, "members", {}) or {}
    parts: list[str] = []
    if ctx.endpoint_url and (service, operation) in HOST_PREFIXED:
        parts.append("AWS_DISABLE_HOST_PREFIX_INJECTION=true")
    if ctx.emulator_credentials:
        parts += [f"AWS_ACCESS_KEY_ID={EMULATOR_KEY_ID}", f"AWS_SECRET_ACCESS_KEY={EMULATOR_SECRET}"]
    parts.append("aws")
    if ctx.profile:
        parts += ["--profile", shlex.quote(ctx.profile)]
    parts += ["--region", shlex.quote(ctx.region)]
    if ctx.endpoint_url:
        parts += ["--endpoint-url", shlex.quote(ctx.endpoint_url)]
    if (service, operation) in HELD_CALLS:
        parts += ["--cli-read-timeout", str(HELD_CALLS[service, operation])]
    parts += [CLI_COMMANDS.get(service, service), xform_name(operation, "-")]
    extra: list[str] = []
    if service == "lambda":
        params, extra = _lambda_cli(operation, params)
    for name, value in params.items():
        shape = members.get(name)
        flag = xform_name(name, "-")
        if getattr(shape, "type_name", None) == "boolean" or isinstance(value, bool):
            parts.append(f"--{flag}" if value else f"--no-{flag}")
            continue
        parts += [f"--{flag}", _cli_value(value, shape)]
    parts += extra
    if (service, operation) in CLI_OUTFILE:
        parts.append(CLI_OUTFILE[service, operation])
    return " ".join(parts)


def _py(value: Any, indent: int) -> str:
    """Python source for a value, pretty enough to read and exact enough to run."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        inner = ",\n".join(f"{pad}    {k!r}: {_py(v, indent + 4)}" for k, v in value.items())
        return "{\n" + inner + f",\n{pad}}}"
    if isinstance(value, list | tuple) and value:
        inner = ",\n".join(f"{pad}    {_py(v, indent + 4)}" for v in value)
        return "[\n" + inner + f",\n{pad}]"
    if isinstance(value, datetime):
        return f"datetime.datetime.fromisoformat({value.isoformat()!r})"
    return repr(value)


def _uses_datetime(value: Any) -> bool:
    if isinstance(value, datetime):
        return True
    if isinstance(value, dict):
        return any(_uses_datetime(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_uses_datetime(v) for v in value)
    return False


def render_boto3(service: str, operation: str, params: dict[str, Any], ctx: CallContext) -> str:
    if service == "lambda":
        params = _lambda_boto3(operation, params)
    lines = ["import boto3"]
    if _uses_datetime(params):
        lines.insert(0, "import datetime")
    lines.append("")
    session_args = [f"region_name={ctx.region!r}"]
    if ctx.profile:
        session_args.insert(0, f"profile_name={ctx.profile!r}")
    if ctx.emulator_credentials:
        session_args += [f"aws_access_key_id={EMULATOR_KEY_ID!r}",
                         f"aws_secret_access_key={EMULATOR_SECRET!r}"]
    client_args = [repr(service)]
    if ctx.endpoint_url:
        client_args.append(f"endpoint_url={ctx.endpoint_url!r}")
        if service == "stepfunctions":
            # Without this, boto3 prefixes the host for TestState/StartSyncExecution
            # (sync-127.0.0.1), which a local endpoint cannot resolve.
            lines.insert(lines.index("import boto3") + 1, "from botocore.config import Config")
            client_args.append("config=Config(inject_host_prefix=False)")
    lines.append(f"session = boto3.Session({', '.join(session_args)})")
    lines.append(f"client = session.client({', '.join(client_args)})")
    method = xform_name(operation)
    if params:
        args = "".join(f"    {k}={_py(v, 4)},\n" for k, v in params.items())
        lines.append(f"response = client.{method}(\n{args})")
    else:
        lines.append(f"response = client.{method}()")
    lines.append("print(response)")
    return "\n".join(lines) + "\n"


def xform_name(name: str, sep: str = "_") -> str:
    """botocore's own name conversion (`SendMessage` -> `send-message`), imported when first
    needed: botocore is not loaded before the app's first frame."""
    from botocore import xform_name as convert

    return str(convert(name, sep))
