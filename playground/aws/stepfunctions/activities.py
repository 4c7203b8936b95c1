"""The app as an activity worker: GetActivityTask (a long poll), then SendTaskSuccess,
SendTaskFailure or SendTaskHeartbeat with the task's token.

From the botocore model: GetActivityTask holds the request up to 60 seconds and answers with
an empty taskToken when no task came (workers should let their socket wait at least 65 s);
SendTaskHeartbeat resets the state's HeartbeatSeconds clock and writes no history event;
SendTaskFailure's error is at most 256 characters, its cause at most 32,768; the output is
JSON of at most 256 KiB.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from playground.aws.common import managed_tags, tag_list
from playground.aws.stepfunctions.validate import parse_json
from playground.aws.validation import Issue
from playground.targets.base import Target

POLL_READ_TIMEOUT_S = 70
"""More than GetActivityTask's 60 s hold, as its docs ask (65 s at least)."""
MAX_ERROR = 256
MAX_CAUSE = 32_768
WORKER_NAME = "playground"


@dataclass(frozen=True)
class ActivityTask:
    token: str
    input: str


def create_activity(target: Target, name: str) -> str:
    resp = target.client("stepfunctions").create_activity(
        name=name, tags=[{"key": t["Key"], "value": t["Value"]}
                         for t in tag_list(managed_tags())])
    return str(resp["activityArn"])


def get_task(target: Target, activity: str, worker: str = WORKER_NAME) -> ActivityTask | None:
    """One long poll: the task handed to this worker, or None when none came in time."""
    client = target.client("stepfunctions", read_timeout=POLL_READ_TIMEOUT_S)
    resp = client.get_activity_task(activityArn=activity, workerName=worker)
    token = resp.get("taskToken")
    if not isinstance(token, str) or not token:
        return None
    given = resp.get("input")
    return ActivityTask(token, given if isinstance(given, str) else "")


def check_output(text: str) -> tuple[Any, list[Issue]]:
    """The output the worker sends back: JSON, named when it is not (the text stays typed)."""
    if not text.strip():
        return None, [Issue("output", "empty: SendTaskSuccess needs JSON (type {} for none)")]
    return parse_json(text, "output")


def check_failure(error: str, cause: str) -> list[Issue]:
    issues = []
    if len(error) > MAX_ERROR:
        issues.append(Issue("error", f"{len(error):,} characters; at most {MAX_ERROR}"))
    if len(cause) > MAX_CAUSE:
        issues.append(Issue("cause", f"{len(cause):,} characters; at most {MAX_CAUSE:,}"))
    for what, text in (("error", error), ("cause", cause)):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            issues.append(Issue(what, "holds a lone surrogate, which cannot be sent"))
    return issues


def send_success(target: Target, token: str, output: Any) -> None:
    target.client("stepfunctions").send_task_success(taskToken=token, output=json.dumps(output))


def send_failure(target: Target, token: str, error: str, cause: str) -> None:
    target.client("stepfunctions").send_task_failure(taskToken=token, error=error, cause=cause)


def send_heartbeat(target: Target, token: str) -> None:
    target.client("stepfunctions").send_task_heartbeat(taskToken=token)
