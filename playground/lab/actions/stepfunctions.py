"""Step Functions solution actions: create a state machine, run an execution to its end,
fix a failing Task while its Retry waits."""

from __future__ import annotations

import json
import time
from typing import Any, Literal

from playground.lab.checks.stepfunctions import visits
from playground.lab.context import LabContext, LabError
from playground.lab.registry import action, lab_function


@action("create_state_machine", service="stepfunctions", creates="name",
        resource="state machine")
def create_state_machine(ctx: LabContext, name: str, definition: dict[str, Any],
                         type: Literal["STANDARD", "EXPRESS"] = "STANDARD") -> str:
    """Create a STANDARD (or EXPRESS) state machine from an ASL definition (tagged for the lab)."""
    ctx.sfn.create_state_machine(name, definition, kind=type, tags=ctx.lab_tags())
    return f"created {type} state machine {name}"


@action("start_execution", service="stepfunctions")
def start_execution(ctx: LabContext, state_machine: str, input: dict[str, Any] | None = None,
                    wait_seconds: int = 10) -> str:
    """Start an execution and wait (up to `wait_seconds`) for it to end."""
    arn = ctx.sfn.start_execution(ctx.state_machine_arn(state_machine), input or {})
    status = "RUNNING"
    deadline = time.monotonic() + wait_seconds
    while status == "RUNNING" and time.monotonic() < deadline:
        status = str(ctx.sfn.describe_execution(arn).get("status"))
        if status == "RUNNING":
            time.sleep(0.2)
    return f"ran {state_machine}: {status}"


def _wait_until_done(ctx: LabContext, arn: str, wait_seconds: float) -> str:
    status = "RUNNING"
    deadline = time.monotonic() + wait_seconds
    while status == "RUNNING" and time.monotonic() < deadline:
        status = str(ctx.sfn.describe_execution(arn).get("status"))
        if status == "RUNNING":
            time.sleep(0.2)
    return status


@action("start_sync_execution", service="stepfunctions")
def start_sync_execution(ctx: LabContext, state_machine: str,
                         input: dict[str, Any] | None = None) -> str:
    """Run an EXPRESS state machine synchronously (StartSyncExecution) and say how it ended."""
    resp = ctx.sfn.client.start_sync_execution(
        stateMachineArn=ctx.state_machine_arn(state_machine), input=json.dumps(input or {}))
    return f"ran {state_machine} synchronously: {resp.get('status')}"


@lab_function("sfn_fix_while_retrying", service="stepfunctions", creates="queue",
              resource="queue")
def sfn_fix_while_retrying(ctx: LabContext, state_machine: str, state: str, queue: str,
                           input: dict[str, Any] | None = None, timeout: int = 60) -> str:
    """Start an execution, and once `state` has failed a first time create the missing queue."""
    arn = ctx.sfn.start_execution(ctx.state_machine_arn(state_machine), input or {})
    deadline = time.monotonic() + timeout
    while not any(v.failures for v in visits(ctx.sfn.history(arn), state)):
        if time.monotonic() > deadline or ctx.sfn.describe_execution(arn)["status"] != "RUNNING":
            raise LabError(f"{state} never failed: is the queue {queue} there already?")
        time.sleep(0.2)
    ctx.sqs.create_queue(queue, tags=ctx.lab_tags())
    status = _wait_until_done(ctx, arn, max(deadline - time.monotonic(), 1))
    return f"created {queue} while {state} was retrying; the execution ended {status}"
