"""Lambda: functions from an in-memory zip, invocations with their logs and errors, the tail of
recent invocations from CloudWatch Logs, event source mappings (SQS, Kinesis), and which SNS
subscriptions and EventBridge rules point at a function.

Everything here is blocking boto3: the UI calls it from thread workers only.
"""

from __future__ import annotations

import base64
import io
import json
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from playground.aws.common import error_code, is_probe_resource, managed_tags
from playground.aws.lambda_.mappings import Mapping as Mapping
from playground.aws.lambda_.tail import Invocation as Invocation
from playground.aws.lambda_.tail import group_invocations
from playground.aws.lambda_.templates import PYTHON, filename_for
from playground.aws.lambda_.triggers import Trigger as Trigger
from playground.aws.lambda_.triggers import find_triggers
from playground.aws.validation import Issue
from playground.patterns.json_input import parse_json
from playground.targets.base import Target

ZIP_DATE = (2020, 1, 1, 0, 0, 0)
"""A fixed date in every zip entry: the same handler text gives the same zip (and CodeSha256),
so an unchanged deploy is recognisable."""
LOG_GROUP_PREFIX = "/aws/lambda/"


def build_zip(source: str, filename: str = "index.py") -> bytes:
    """The deployment package, built in memory (no file on disk): one file holding `source`."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo(filename, ZIP_DATE)
        info.external_attr = 0o644 << 16  # readable by the runtime's user on AWS
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, source.encode("utf-8"))
    return buf.getvalue()


def function_name(arn_or_name: str) -> str:
    """`arn:aws:lambda:r:a:function:NAME[:qualifier]` -> NAME; a name stays itself."""
    if arn_or_name.startswith("arn:"):
        parts = arn_or_name.split(":")
        return parts[6] if len(parts) > 6 else arn_or_name
    return arn_or_name


@dataclass(frozen=True)
class Function:
    name: str
    arn: str
    runtime: str
    handler: str
    role: str
    timeout: int
    memory: int
    state: str
    """Pending (just created), Active, Failed, Inactive."""
    last_update: str
    """LastUpdateStatus: InProgress while new code is being deployed, then Successful/Failed."""
    code_sha256: str = ""
    state_reason: str = ""

    @classmethod
    def from_config(cls, c: dict[str, Any]) -> Function:
        return cls(str(c["FunctionName"]), str(c["FunctionArn"]), str(c.get("Runtime", "")),
                   str(c.get("Handler", "")), str(c.get("Role", "")), int(c.get("Timeout") or 3),
                   int(c.get("MemorySize") or 128), str(c.get("State") or "Active"),
                   str(c.get("LastUpdateStatus") or "Successful"), str(c.get("CodeSha256", "")),
                   str(c.get("StateReason") or ""))


@dataclass(frozen=True)
class FunctionError:
    """What the function's error payload says (`errorType`, `errorMessage`, `stackTrace`)."""

    type: str
    message: str
    stack: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.type}: {self.message}" if self.type else self.message


@dataclass(frozen=True)
class InvokeResult:
    status: int
    payload: str
    """The response payload as text (what the function returned, or its error)."""
    result: Any
    """The payload read as JSON (None when it is not JSON)."""
    error: FunctionError | None
    """Set when the response had FunctionError (Unhandled): the function raised or timed out."""
    log_lines: list[str]
    """This invocation's log (LogType=Tail: the last 4 KB), line by line."""
    request_id: str = ""

    @property
    def failed(self) -> bool:
        return self.error is not None


@dataclass(frozen=True)
class Deployed:
    """The outcome of `LambdaService.deploy`."""

    function: Function | None
    """None when the handler was not sent (a syntax error: see `issues`)."""
    issues: list[Issue]
    """Problems found before sending: errors stopped the deploy, warnings did not."""
    created: bool
    """True for a new function, False for new code in an existing one."""


class LambdaService:
    """Lambda on one target. Functions are created tagged playground:managed=true."""

    def __init__(self, target: Target) -> None:
        self.target = target

    @property
    def client(self) -> Any:
        return self.target.client("lambda")

    # --- functions ---------------------------------------------------------------------------
    def list_functions(self) -> list[Function]:
        """Every function in the region, by name (the capability probe's own left out)."""
        out: list[Function] = []
        for page in self.client.get_paginator("list_functions").paginate():
            out.extend(Function.from_config(c) for c in page.get("Functions", [])
                       if not is_probe_resource(c["FunctionName"]))
        return sorted(out, key=lambda f: f.name)

    def get_function(self, name: str) -> Function:
        return Function.from_config(self.client.get_function(FunctionName=name)["Configuration"])

    def source(self, name: str) -> str | None:
        """The handler file's text, read back from the deployed package (None when the target
        gives no package to download, or it holds no index.py/index.js)."""
        import urllib.request

        resp = self.client.get_function(FunctionName=name)
        location = (resp.get("Code") or {}).get("Location")
        if not location or not str(location).startswith(("http://", "https://")):
            return None
        filename = filename_for(str(resp["Configuration"].get("Runtime", PYTHON)))
        try:
            with urllib.request.urlopen(str(location), timeout=10) as answer:
                data = answer.read(SOURCE_DOWNLOAD_MAX)
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return zf.read(filename).decode("utf-8", "replace")
        except Exception:
            return None

    def create_function(self, name: str, source: str, *, role: str, runtime: str = PYTHON,
                        handler: str = "index.handler", timeout: int = 10, memory: int = 128,
                        description: str = "", environment: dict[str, str] | None = None,
                        tags: dict[str, str] | None = None, wait: bool = True) -> Function:
        """Create a function from `source` (zipped in memory as index.py or index.js), tagged
        as the playground's, and wait (up to 30 s) until it is Active. `role` is the execution
        role's ARN (see `roles.execution_role`)."""
        kwargs: dict[str, Any] = {
            "FunctionName": name, "Runtime": runtime, "Handler": handler, "Role": role,
            "Code": {"ZipFile": build_zip(source, filename_for(runtime))},
            "Timeout": timeout, "MemorySize": memory, "Tags": managed_tags(tags)}
        if description:
            kwargs["Description"] = description
        if environment:
            kwargs["Environment"] = {"Variables": environment}
        config = self._create_retrying_role(kwargs)
        return self.wait_ready(name) if wait else Function.from_config(config)

    def _create_retrying_role(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """On AWS a role made seconds ago is not yet usable by Lambda ("The role defined for
        the function cannot be assumed by Lambda"): IAM is eventually consistent, so try again
        for up to 20 s."""
        deadline = time.monotonic() + 20
        while True:
            try:
                return dict(self.client.create_function(**kwargs))
            except Exception as exc:
                if (error_code(exc) != "InvalidParameterValueException"
                        or "role" not in str(exc).lower() or time.monotonic() > deadline):
                    raise
                time.sleep(2)

    def deploy(self, name: str, source: str, *, role: str, runtime: str = PYTHON,
               timeout: int = 10, tags: dict[str, str] | None = None) -> Deployed:
        """What the editor's deploy does: a Python handler is parsed here first, and a syntax
        error comes back as an issue naming the line (nothing is sent, the text stays the
        learner's); otherwise the function is created, or its code updated if it exists."""
        from playground.aws.lambda_.validate import python_source
        from playground.aws.validation import blocking

        if runtime.startswith("python"):
            issues = python_source(source, filename_for(runtime))
            if blocking(issues):
                return Deployed(None, issues, created=False)
        else:
            issues = []
        try:
            self.client.get_function(FunctionName=name)
        except Exception as exc:
            if error_code(exc) != "ResourceNotFoundException":
                raise
            fn = self.create_function(name, source, role=role, runtime=runtime, timeout=timeout,
                                      tags=tags)
            return Deployed(fn, issues, created=True)
        return Deployed(self.update_code(name, source, runtime=runtime), issues, created=False)

    def update_code(self, name: str, source: str, *, runtime: str = PYTHON,
                    wait: bool = True) -> Function:
        """Deploy new handler text to an existing function (UpdateFunctionCode with a zip built
        in memory) and wait until the update is done."""
        self.client.update_function_code(FunctionName=name,
                                         ZipFile=build_zip(source, filename_for(runtime)))
        return self.wait_ready(name) if wait else self.get_function(name)

    def wait_ready(self, name: str, timeout: float = 30.0) -> Function:
        """The function once it is Active and its last update finished (or `timeout` passed:
        then as it is, and its `state` says)."""
        deadline = time.monotonic() + timeout
        while True:
            fn = self.get_function(name)
            if (fn.state != "Pending" and fn.last_update != "InProgress") or (
                    time.monotonic() > deadline):
                return fn
            time.sleep(0.3)

    def delete_function(self, name: str) -> None:
        self.client.delete_function(FunctionName=name)

    def tags(self, arn: str) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.client.list_tags(Resource=arn).get("Tags", {}).items()}

    # --- invoking ----------------------------------------------------------------------------
    def invoke(self, name: str, payload: Any = None) -> InvokeResult:
        """Invoke synchronously with LogType=Tail. `payload` is a JSON value, or text/bytes
        already JSON (check text with `validate.payload` first). A function that raised or
        timed out is not an exception here: `error` says what it said."""
        if isinstance(payload, bytes):
            body = payload
        elif isinstance(payload, str):
            body = payload.encode("utf-8")
        else:
            body = json.dumps({} if payload is None else payload).encode("utf-8")
        resp = self.client.invoke(FunctionName=name, Payload=body, LogType="Tail")
        text = resp["Payload"].read().decode("utf-8", "replace")
        try:
            result = parse_json(text) if text else None
        except ValueError:
            result = None
        error = None
        if resp.get("FunctionError"):
            error = _function_error(result, text)
        log = base64.b64decode(resp.get("LogResult") or "").decode("utf-8", "replace")
        request_id = str(resp.get("ResponseMetadata", {}).get("RequestId", ""))
        return InvokeResult(int(resp.get("StatusCode", 200)), text, result, error,
                            log.splitlines(), request_id)

    # --- the tail ----------------------------------------------------------------------------
    def recent_invocations(self, name: str, *, since: datetime | None = None,
                           limit: int = 20) -> list[Invocation]:
        """The last `limit` invocations (oldest first) as their log group tells them, from
        `since` on. A function never invoked has no log group yet: no invocations."""
        logs = self.target.client("logs")
        kwargs: dict[str, Any] = {"logGroupName": LOG_GROUP_PREFIX + name, "limit": 10_000}
        if since is not None:
            kwargs["startTime"] = int(since.timestamp() * 1000)
        events: list[dict[str, Any]] = []
        try:
            seen: set[str] = set()
            while True:
                resp = logs.filter_log_events(**kwargs)
                events.extend(resp.get("events", []))
                token = resp.get("nextToken")
                if not token or token in seen or len(events) > 50_000:
                    break
                seen.add(token)
                kwargs["nextToken"] = token
        except Exception as exc:
            if error_code(exc) == "ResourceNotFoundException":
                return []
            raise
        events.sort(key=lambda e: (e.get("timestamp", 0), e.get("ingestionTime", 0)))
        return group_invocations(events)[-limit:]

    # --- event source mappings ---------------------------------------------------------------
    def mappings(self, function: str | None = None) -> list[Mapping]:
        """Event source mappings, of one function or all."""
        kwargs = {"FunctionName": function} if function else {}
        out: list[Mapping] = []
        for page in self.client.get_paginator("list_event_source_mappings").paginate(**kwargs):
            out.extend(Mapping.from_api(m) for m in page.get("EventSourceMappings", []))
        return out

    def create_mapping(self, function: str, source_arn: str, *, batch_size: int | None = None,
                       batching_window: int | None = None, report_failures: bool = False,
                       bisect: bool | None = None, starting_position: str | None = None,
                       maximum_retries: int | None = None, on_failure: str | None = None,
                       enabled: bool = True, tags: dict[str, str] | None = None) -> Mapping:
        """Have Lambda read an SQS queue or a Kinesis stream into `function`. Kinesis needs a
        starting position (TRIM_HORIZON or LATEST; default LATEST); bisect, retries and the
        on-failure destination apply to streams only (CreateEventSourceMapping docs)."""
        kwargs: dict[str, Any] = {"FunctionName": function, "EventSourceArn": source_arn,
                                  "Enabled": enabled}
        stream = ":kinesis:" in source_arn
        if batch_size is not None:
            kwargs["BatchSize"] = batch_size
        if batching_window is not None:
            kwargs["MaximumBatchingWindowInSeconds"] = batching_window
        if report_failures:
            kwargs["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
        if stream:
            kwargs["StartingPosition"] = starting_position or "LATEST"
            if bisect is not None:
                kwargs["BisectBatchOnFunctionError"] = bisect
            if maximum_retries is not None:
                kwargs["MaximumRetryAttempts"] = maximum_retries
            if on_failure:
                kwargs["DestinationConfig"] = {"OnFailure": {"Destination": on_failure}}
        kwargs["Tags"] = managed_tags(tags)
        try:
            resp = self.client.create_event_source_mapping(**kwargs)
        except Exception as exc:
            # Not every target takes tags on a mapping (an older model has none): then without.
            if error_code(exc) not in ("ValidationException", "InvalidParameterValueException") \
                    or "tag" not in str(exc).lower():
                raise
            kwargs.pop("Tags")
            resp = self.client.create_event_source_mapping(**kwargs)
        return Mapping.from_api(resp)

    def update_mapping(self, uuid: str, *, batch_size: int | None = None,
                       batching_window: int | None = None, report_failures: bool | None = None,
                       bisect: bool | None = None, maximum_retries: int | None = None,
                       enabled: bool | None = None) -> Mapping:
        """Change what was given (None: left as it is)."""
        kwargs: dict[str, Any] = {"UUID": uuid}
        if batch_size is not None:
            kwargs["BatchSize"] = batch_size
        if batching_window is not None:
            kwargs["MaximumBatchingWindowInSeconds"] = batching_window
        if report_failures is not None:
            kwargs["FunctionResponseTypes"] = ["ReportBatchItemFailures"] if report_failures else []
        if bisect is not None:
            kwargs["BisectBatchOnFunctionError"] = bisect
        if maximum_retries is not None:
            kwargs["MaximumRetryAttempts"] = maximum_retries
        if enabled is not None:
            kwargs["Enabled"] = enabled
        return Mapping.from_api(self.client.update_event_source_mapping(**kwargs))

    def set_mapping_enabled(self, uuid: str, enabled: bool) -> Mapping:
        """Enable or disable (pause) a mapping: disabled, it leaves the source as it is."""
        return self.update_mapping(uuid, enabled=enabled)

    def delete_mapping(self, uuid: str) -> None:
        self.client.delete_event_source_mapping(UUID=uuid)

    def get_mapping(self, uuid: str) -> Mapping:
        return Mapping.from_api(self.client.get_event_source_mapping(UUID=uuid))

    # --- who invokes it ----------------------------------------------------------------------
    def allow_invoke(self, function: str, principal: str, source_arn: str,
                     statement_id: str) -> None:
        """Let a service (sns.amazonaws.com, events.amazonaws.com, states) invoke the function
        from `source_arn` (AddPermission). AWS refuses those invocations without it; a
        statement already there is fine."""
        try:
            self.client.add_permission(FunctionName=function, StatementId=statement_id,
                                       Action="lambda:InvokeFunction", Principal=principal,
                                       SourceArn=source_arn)
        except Exception as exc:
            if error_code(exc) != "ResourceConflictException":
                raise

    def triggers(self, function_arn: str) -> list[Trigger]:
        """SNS subscriptions (protocol lambda) and EventBridge rules whose target is the
        function (see `triggers.find_triggers`)."""
        return find_triggers(self.target, function_arn)


SOURCE_DOWNLOAD_MAX = 60 * 1024 * 1024


def _function_error(result: Any, text: str) -> FunctionError:
    if isinstance(result, dict):
        stack = result.get("stackTrace") or []
        lines = [str(s).rstrip("\n") for s in stack] if isinstance(stack, list) else [str(stack)]
        return FunctionError(str(result.get("errorType", "")),
                             str(result.get("errorMessage", "")), lines)
    return FunctionError("", text)
