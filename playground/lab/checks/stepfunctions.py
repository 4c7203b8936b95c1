"""Step Functions lab checks: a state machine, how its executions ended, where they went.

They read what a learner would (ListStateMachines, ListExecutions, DescribeExecution,
GetExecutionHistory), so executions started from the workbench or the `aws` CLI both count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from playground.aws.stepfunctions.approval import all_states
from playground.lab.checks.common import contains, count_in_queue, holds
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


def _no_machine(state_machine: str) -> CheckResult:
    return failed(f"state machine {state_machine} does not exist yet")


def _machine_executions(ctx: LabContext,
                        state_machine: str) -> list[dict[str, Any]] | CheckResult:
    """The state machine's newest executions, or the failure to report when it does not exist."""
    arn = ctx.find_state_machine_arn(state_machine)
    if arn is None:
        return _no_machine(state_machine)
    return _executions(ctx, arn)


def _with_status(ctx: LabContext, state_machine: str, status: str,
                 none: str) -> list[dict[str, Any]] | CheckResult:
    """The state machine's newest executions in this status; otherwise the failure to report:
    no such state machine, or `no execution of <it> <none>` and the statuses seen."""
    executions = _machine_executions(ctx, state_machine)
    if isinstance(executions, CheckResult):
        return executions
    found = [e for e in executions if e.get("status") == status]
    if not found:
        return failed(f"no execution of {state_machine} {none}{_seen(executions)}")
    return found


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
        return _no_machine(state_machine)
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
    done = _with_status(ctx, state_machine, "SUCCEEDED", "has SUCCEEDED yet")
    if isinstance(done, CheckResult):
        return done
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
    done = _with_status(ctx, state_machine, "FAILED", "has FAILED yet")
    if isinstance(done, CheckResult):
        return done
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
    executions = _machine_executions(ctx, state_machine)
    if isinstance(executions, CheckResult):
        return executions
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


# --- the history of one state: its attempts, how they ended, where a failure went ---------

FAILED_ATTEMPT = ("TaskFailed", "TaskTimedOut", "TaskStartFailed", "TaskSubmitFailed",
                  "ActivityFailed", "ActivityTimedOut", "ActivityScheduleFailed")
"""History events that end one attempt of a Task in failure (API_HistoryEvent: HistoryEventType)."""
SUCCEEDED_ATTEMPT = ("TaskSucceeded", "ActivitySucceeded")


def _entered(event: dict[str, Any]) -> str | None:
    details = event.get("stateEnteredEventDetails")
    return str(details.get("name")) if isinstance(details, dict) and details.get("name") else None


def _exited(event: dict[str, Any]) -> str | None:
    details = event.get("stateExitedEventDetails")
    return str(details.get("name")) if isinstance(details, dict) and details.get("name") else None


@dataclass(frozen=True)
class Visit:
    """One visit of a state in an execution's history: its attempts and where it went next."""

    failures: tuple[str, ...]
    """The error of each failed attempt, in order."""
    succeeded: bool
    """An attempt succeeded (the last one: a success ends the visit)."""
    next_state: str | None
    """The state entered after this one (a Catch's target when the visit failed)."""
    next_input: str | None
    """That state's input, as the history gives it."""

    @property
    def retries(self) -> int:
        attempts = len(self.failures) + (1 if self.succeeded else 0)
        return max(attempts - 1, 0)


def visits(events: list[dict[str, Any]], state: str) -> list[Visit]:
    """Each visit of `state` in a Task-like history: from its StateEntered event to its
    StateExited or, where AWS writes none (a caught failure), the next state entered."""
    found: list[Visit] = []
    index = 0
    while index < len(events):
        if _entered(events[index]) != state:
            index += 1
            continue
        failures: list[str] = []
        succeeded = False
        index += 1
        while index < len(events) and _exited(events[index]) != state \
                and _entered(events[index]) is None:
            event = events[index]
            kind = str(event.get("type", ""))
            if kind in FAILED_ATTEMPT:
                details = next((v for k, v in event.items() if k.endswith("EventDetails")
                                and isinstance(v, dict)), {})
                failures.append(str(details.get("error") or kind))
            elif kind in SUCCEEDED_ATTEMPT:
                succeeded = True
            index += 1
        while index < len(events) and _entered(events[index]) is None:
            index += 1  # past the StateExited event to where the execution went next
        nxt: dict[str, Any] = events[index] if index < len(events) else {}
        entered = nxt.get("stateEnteredEventDetails")
        found.append(Visit(tuple(failures), succeeded, _entered(nxt),
                           str(entered.get("input")) if isinstance(entered, dict) else None))
    return found


def _at(value: Any, path: str) -> Any:
    """`a.b` of a JSON value (`$.` and `$` allowed in front); None where it is missing."""
    for part in [p for p in path.removeprefix("$").split(".") if p]:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


@check("state_retried", service="stepfunctions")
def state_retried(ctx: LabContext, state_machine: str, state: str, at_least: int = 1,
                  then: Literal["succeeded", "failed"] | None = None) -> CheckResult:
    """An execution's history shows the Task state retried at least `at_least` times (then ...)."""
    everything = _machine_executions(ctx, state_machine)
    if isinstance(everything, CheckResult):
        return everything
    executions = [e for e in everything if e.get("status") != "RUNNING"]
    if not executions:
        return failed(f"{state_machine} has no finished execution yet")
    best = -1
    for execution in executions:
        for visit in visits(ctx.sfn.history(str(execution["executionArn"])), state):
            ended = "succeeded" if visit.succeeded else "failed"
            if then is not None and ended != then:
                continue
            best = max(best, visit.retries)
            if visit.retries >= at_least:
                errors = ", ".join(sorted(set(visit.failures))) or "no error"
                return passed(f"execution {execution.get('name')}: {state} was retried "
                              f"{plural(visit.retries, 'time')} ({errors}), then {ended}")
    how = f" and then {then}" if then else ""
    seen = (f"; the most seen was {best} {'retry' if best == 1 else 'retries'}" if best >= 0 else
            f"; no finished execution went through {state}{how}")
    return failed(f"no execution of {state_machine} retried {state} at least "
                  f"{plural(at_least, 'time')}{how}{seen}")


@check("execution_caught", service="stepfunctions")
def execution_caught(ctx: LabContext, state_machine: str, state: str, fallback: str,
                     error_at: str | None = None) -> CheckResult:
    """An execution's `state` failed and its Catch went on to `fallback` (error kept at a path)."""
    executions = _machine_executions(ctx, state_machine)
    if isinstance(executions, CheckResult):
        return executions
    if not executions:
        return failed(f"{state_machine} has no execution yet")
    went: list[str] = []
    for execution in executions:
        for visit in visits(ctx.sfn.history(str(execution["executionArn"])), state):
            if visit.succeeded or not visit.failures:
                continue
            if visit.next_state != fallback:
                went.append(visit.next_state or "nowhere (the execution failed)")
                continue
            error = visit.failures[-1]
            if error_at is None:
                return passed(f"execution {execution.get('name')}: {state} failed ({error}) "
                              f"and was caught into {fallback}")
            try:
                kept = _at(json.loads(visit.next_input or "null"), error_at)
            except ValueError:
                kept = None
            if isinstance(kept, dict) and "Error" in kept:
                return passed(f"execution {execution.get('name')}: {state} failed ({error}), "
                              f"was caught into {fallback}, and the error is kept at {error_at}")
            went.append(f"{fallback} without the error at {error_at} (ResultPath?)")
    if not went:
        return failed(f"no execution of {state_machine} saw {state} fail yet")
    return failed(f"{state} failed, but the execution went to {', '.join(sorted(set(went)))}; "
                  f"the step wants it caught into {fallback}"
                  + (f" with the error kept at {error_at}" if error_at else ""))


def has_fields(have: Any, want: Any) -> bool:
    """`want` is in `have`: dicts by key, and each item of a wanted list in some item of the
    list there (a Retry list matches one retrier by the fields the step names)."""
    if isinstance(want, dict):
        return isinstance(have, dict) and all(k in have and has_fields(have[k], v)
                                               for k, v in want.items())
    if isinstance(want, list):
        return isinstance(have, list) and all(any(has_fields(h, w) for h in have) for w in want)
    if isinstance(want, bool) or isinstance(have, bool):
        return have is want  # true is not 1 in a definition
    return bool(have == want)


@check("state_defined", service="stepfunctions")
def state_defined(ctx: LabContext, state_machine: str, state: str, type: str | None = None,
                  fields: dict[str, Any] | None = None) -> CheckResult:
    """The live definition has the state (at any depth), of that type, with these fields."""
    arn = ctx.find_state_machine_arn(state_machine)
    if arn is None:
        return _no_machine(state_machine)
    try:
        definition = json.loads(str(ctx.sfn.describe_state_machine(arn).get("definition")))
    except ValueError:
        return failed(f"the definition of {state_machine} is not JSON")
    body = all_states(definition).get(state)
    if body is None:
        return failed(f"{state_machine} has no state named {state}")
    if type is not None and body.get("Type") != type:
        return failed(f"{state} is a {body.get('Type')} state; the step wants a {type} state")
    if fields is not None:
        missing = [k for k, v in fields.items() if not has_fields(body.get(k), v)]
        if missing:
            return failed(f"{state} in {state_machine} does not have the wanted "
                          f"{', '.join(missing)}: {json.dumps({k: fields[k] for k in missing})}")
    return passed(f"{state_machine} has {state}" + (f" ({type})" if type else "")
                  + (f" with {', '.join(fields)}" if fields else ""))


@check("execution_waiting", service="stepfunctions")
def execution_waiting(ctx: LabContext, state_machine: str, state: str) -> CheckResult:
    """An execution is RUNNING and the last state it entered is this one (a task token wait)."""
    running = _with_status(ctx, state_machine, "RUNNING", "is running")
    if isinstance(running, CheckResult):
        return running
    elsewhere: list[str] = []
    for execution in running:
        entered = entered_states(ctx.sfn.history(str(execution["executionArn"])))
        if entered and entered[-1] == state:
            return passed(f"execution {execution.get('name')} of {state_machine} waits in "
                          f"{state}")
        elsewhere.append(entered[-1] if entered else "no state yet")
    return failed(f"{plural(len(running), 'running execution')} of {state_machine}, in "
                  f"{', '.join(sorted(set(elsewhere)))}; the step wants one waiting in {state}")


def _json_fits(body: str, want: dict[str, Any]) -> bool:
    try:
        return contains(json.loads(body), want)
    except (ValueError, RecursionError):
        return False


@check("sfn_queue_holds", service="stepfunctions")
def sfn_queue_holds(ctx: LabContext, queue: str, contains: dict[str, Any], at_least: int = 1,
                    at_most: int | None = None) -> CheckResult:
    """The queue holds at_least to at_most JSON messages (a workflow sent) containing these keys."""
    try:
        n, note = count_in_queue(ctx, queue, lambda m: _json_fits(m.body, contains))
    except LookupError as exc:
        return failed(str(exc))
    what = f"{plural(n, 'message')} containing {json.dumps(contains, separators=(',', ':'))}"
    return holds(queue, n, what, at_least, at_most, note)
