"""Step Functions solution actions: create a state machine, run an execution to its end,
answer a task token, fix a failing Task while its Retry waits."""

from __future__ import annotations

import json
import time
from typing import Any, Literal

from playground.lab.checks.stepfunctions import visits
from playground.lab.context import LabContext, LabError
from playground.lab.registry import action, lab_function

EXPRESS_EXECUTION = ":express:"
"""In the ARN StartExecution gives an EXPRESS execution on AWS (and LocalStack)."""


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
    if EXPRESS_EXECUTION in arn:
        # AWS keeps no record of an EXPRESS execution: DescribeExecution refuses its ARN.
        return f"started {state_machine} (an EXPRESS execution: nothing to ask about it)"
    return f"ran {state_machine}: {_wait_until_done(ctx, arn, wait_seconds)}"


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


# --- waiting on a workflow another service started, and answering its task token ---------
def _running(ctx: LabContext, state_machine: str) -> list[str]:
    arn = ctx.state_machine_arn(state_machine)
    return [str(e["executionArn"]) for e in ctx.sfn.list_executions(arn)
            if e.get("status") == "RUNNING"]


@action("wait_for_execution", service="stepfunctions")
def wait_for_execution(ctx: LabContext, state_machine: str, status: str = "RUNNING",
                       state: str | None = None, timeout: int = 30) -> str:
    """Wait until an execution (one a rule started, say) has this status, in `state` if given."""
    from playground.lab.checks.stepfunctions import entered_states

    arn = ctx.state_machine_arn(state_machine)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for execution in ctx.sfn.list_executions(arn):
            if execution.get("status") != status:
                continue
            run = str(execution["executionArn"])
            entered = entered_states(ctx.sfn.history(run)) if state else []
            if state is None or (entered and entered[-1] == state):
                where = f" in {state}" if state else ""
                return f"execution {run.rsplit(':', 1)[-1]} of {state_machine} is {status}{where}"
        time.sleep(0.3)
    where = f" in {state}" if state else ""
    raise LabError(f"no execution of {state_machine} was {status}{where} within {timeout} s")


@action("answer_task_token", service="stepfunctions")
def answer_task_token(ctx: LabContext, state_machine: str, queue: str, approve: bool = True,
                      output: dict[str, Any] | None = None, error: str = "Rejected",
                      cause: str = "", timeout: int = 20) -> str:
    """Take the waiting execution's request from the queue and answer its task token.

    SendTaskSuccess with `output`, or (approve false) SendTaskFailure with `error`."""
    from playground.aws.stepfunctions.approval import pick_request

    running = _running(ctx, state_machine)
    if not running:
        raise LabError(f"no execution of {state_machine} is waiting: place an order first")
    url = ctx.queue_url(queue)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = ctx.sqs.receive(url, wait_seconds=2)
        for execution in running:
            request = pick_request([(m.message_id, m.body) for m in got], execution)
            if request is None:
                continue
            if approve:
                ctx.sfn.send_task_success(request.token, output or {})
            else:
                ctx.sfn.send_task_failure(request.token, error, cause)
            for message in got:
                if message.message_id == request.message_id:
                    ctx.sqs.delete_message(url, message.receipt_handle)
            status = "RUNNING"
            ends = time.monotonic() + 15
            while status == "RUNNING" and time.monotonic() < ends:
                time.sleep(0.2)
                status = str(ctx.sfn.describe_execution(execution).get("status"))
            verb = "approved" if approve else f"rejected ({error})"
            return f"{verb} {execution.rsplit(':', 1)[-1]}: it ended {status}"
    raise LabError(f"no request with a task token reached {queue} within {timeout} s")
