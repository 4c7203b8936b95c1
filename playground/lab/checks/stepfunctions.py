"""Step Functions lab checks: a state machine, how its executions ended, where they went.

They read what a learner would (ListStateMachines, ListExecutions, DescribeExecution,
GetExecutionHistory), so executions started from the workbench or the `aws` CLI both count.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from playground.lab.checks.common import contains
from playground.lab.context import LabContext
from playground.lab.registry import CheckResult, check, failed, passed, plural

MAX_EXECUTIONS = 25
"""Executions looked at, newest first: a lab starts a handful."""


def _executions(ctx: LabContext, arn: str) -> list[dict[str, Any]]:
    executions = ctx.sfn.list_executions(arn)
    executions.sort(key=lambda e: str(e.get("startDate", "")), reverse=True)
    return executions[:MAX_EXECUTIONS]


def _seen(executions: list[dict[str, Any]]) -> str:
    states = sorted({str(e.get("status")) for e in executions})
    return f" (seen: {', '.join(states)})" if states else ""


def entered_states(events: list[dict[str, Any]]) -> list[str]:
    """The states an execution entered, in the order its history gives them."""
    names: list[str] = []
    for event in events:
        details = event.get("stateEnteredEventDetails")
        if isinstance(details, dict) and details.get("name"):
            names.append(str(details["name"]))
    return names


@check("state_machine_exists", service="stepfunctions")
def state_machine_exists(ctx: LabContext, state_machine: str,
                         type: Literal["STANDARD", "EXPRESS"] | None = None) -> CheckResult:
    """The state machine exists (of that type: STANDARD or EXPRESS)."""
    arn = ctx.find_state_machine_arn(state_machine)
    if arn is None:
        return failed(f"state machine {state_machine} does not exist yet")
    if type is not None:
        have = str(ctx.sfn.describe_state_machine(arn).get("type", "STANDARD"))
        if have != type:
            return failed(f"{state_machine} is a {have} state machine; the step wants {type} "
                          "(the type cannot be changed: delete it and create it again)")
        return passed(f"{type} state machine {state_machine} exists")
    return passed(f"state machine {state_machine} exists")


@check("execution_succeeded", service="stepfunctions")
def execution_succeeded(ctx: LabContext, state_machine: str,
                        output_contains: dict[str, Any] | None = None) -> CheckResult:
    """An execution of the state machine ended SUCCEEDED (with output containing these keys)."""
    arn = ctx.find_state_machine_arn(state_machine)
    if arn is None:
        return failed(f"state machine {state_machine} does not exist yet")
    executions = _executions(ctx, arn)
    done = [e for e in executions if e.get("status") == "SUCCEEDED"]
    if not done:
        return failed(f"no execution of {state_machine} has SUCCEEDED yet{_seen(executions)}")
    if output_contains is None:
        return passed(f"an execution of {state_machine} SUCCEEDED")
    for execution in done:
        detail = ctx.sfn.describe_execution(str(execution["executionArn"]))
        if contains(json.loads(detail.get("output") or "null"), output_contains):
            return passed(f"an execution of {state_machine} SUCCEEDED with the wanted output")
    return failed(f"{plural(len(done), 'execution')} of {state_machine} SUCCEEDED, but none "
                  f"output {json.dumps(output_contains)}")


@check("execution_failed", service="stepfunctions")
def execution_failed(ctx: LabContext, state_machine: str,
                     error: str | None = None) -> CheckResult:
    """An execution of the state machine ended FAILED (with that error name)."""
    arn = ctx.find_state_machine_arn(state_machine)
    if arn is None:
        return failed(f"state machine {state_machine} does not exist yet")
    executions = _executions(ctx, arn)
    done = [e for e in executions if e.get("status") == "FAILED"]
    if not done:
        return failed(f"no execution of {state_machine} has FAILED yet{_seen(executions)}")
    if error is None:
        return passed(f"an execution of {state_machine} FAILED")
    errors: list[str] = []
    for execution in done:
        detail = ctx.sfn.describe_execution(str(execution["executionArn"]))
        if detail.get("error") == error:
            return passed(f"an execution of {state_machine} FAILED with error {error}")
        errors.append(str(detail.get("error") or "no error name"))
    return failed(f"{plural(len(done), 'execution')} of {state_machine} FAILED, with "
                  f"{', '.join(sorted(set(errors)))}; the step wants error {error}")


@check("execution_passed_through", service="stepfunctions")
def execution_passed_through(ctx: LabContext, state_machine: str, state: str,
                             status: str | None = None) -> CheckResult:
    """An execution's history shows it entered the state (and the execution ended so)."""
    arn = ctx.find_state_machine_arn(state_machine)
    if arn is None:
        return failed(f"state machine {state_machine} does not exist yet")
    executions = _executions(ctx, arn)
    if status is not None:
        executions = [e for e in executions if e.get("status") == status]
    if not executions:
        which = f"{status} execution" if status else "execution"
        return failed(f"{state_machine} has no {which} yet")
    for execution in executions:
        if state in entered_states(ctx.sfn.history(str(execution["executionArn"]))):
            ended = f" and {status}" if status else ""
            return passed(f"execution {execution.get('name')} of {state_machine} went "
                          f"through {state}{ended}")
    which = f"{status} execution" if status else "execution"
    return failed(f"no {which} of {state_machine} went through {state} yet "
                  f"({plural(len(executions), 'execution')} looked at): give it an input "
                  f"that routes there")
