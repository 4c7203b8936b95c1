"""An execution's history read state by state: what each state got, gave, and how it ended."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from playground.aws.stepfunctions.validate import nested_scopes, transitions
from playground.patterns.json_input import parse_json

StepStatus = Literal["running", "succeeded", "failed", "caught"]

ATTEMPT_STARTS = {"TaskScheduled", "ActivityScheduled", "LambdaFunctionScheduled",
                  "ParallelStateStarted", "MapStateStarted"}
"""The events that begin one attempt of a state (Retry runs the state again from here)."""
ATTEMPT_FAILS = {"TaskFailed", "TaskTimedOut", "TaskStartFailed", "TaskSubmitFailed",
                 "ActivityFailed", "ActivityTimedOut", "ActivityScheduleFailed",
                 "LambdaFunctionFailed", "LambdaFunctionTimedOut", "LambdaFunctionStartFailed",
                 "LambdaFunctionScheduleFailed", "ParallelStateFailed", "MapStateFailed"}
"""The events that end one attempt with an error (that a Retry may answer)."""


@dataclass
class Try:
    """One attempt within a visit: scheduled (or started), then maybe failed."""

    started: datetime | None = None
    failed: datetime | None = None
    error: str | None = None
    cause: str | None = None


@dataclass
class Step:
    """One visit of a state: from its *StateEntered event to its *StateExited (if any)."""

    name: str
    kind: str
    input: str | None = None
    output: str | None = None
    status: StepStatus = "running"
    error: str | None = None
    cause: str | None = None
    attempts: int = 0
    """Task attempts scheduled in this visit: more than one means Retry ran it again."""
    events: list[str] = field(default_factory=list)
    """The history event types of this visit, in order (TaskScheduled, TaskSucceeded, …)."""
    caught_by: str | None = None
    """When a Catch took this visit's failure: its label ("Catch States.ALL") and where it
    went ("Catch States.ALL → Recover"), as the drawing spells them."""
    caught_to: str | None = None
    """The state that Catch went to."""
    tries: list[Try] = field(default_factory=list)
    """Each attempt of this visit, in order, with its error if it failed."""
    entered: int = 0
    """The id of its *StateEntered event: which Map iterations or Parallel branches are its."""


@dataclass
class Timeline:
    steps: list[Step]
    status: str
    """RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED: from the execution's last event."""
    input: str | None = None
    output: str | None = None
    error: str | None = None
    cause: str | None = None

    def statuses(self) -> dict[str, StepStatus]:
        """Each visited state's latest outcome, for coloring the drawing."""
        return {step.name: step.status for step in self.steps}

    def caught(self) -> dict[str, str]:
        """Each visited state's latest caught failure: state -> the Catch's target."""
        out: dict[str, str] = {}
        for step in self.steps:
            if step.status == "caught" and step.caught_to is not None:
                out[step.name] = step.caught_to
            else:
                out.pop(step.name, None)
        return out


END_EVENTS = {"ExecutionSucceeded": "SUCCEEDED", "ExecutionFailed": "FAILED",
              "ExecutionTimedOut": "TIMED_OUT", "ExecutionAborted": "ABORTED"}


def _details(event: dict[str, Any]) -> dict[str, Any]:
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, dict):
            return value
    return {}


def _id(event: dict[str, Any]) -> int:
    try:
        return int(event.get("id", 0))
    except (TypeError, ValueError):
        return 0


def _track_try(step: Step, kind: str, details: dict[str, Any], when: Any) -> None:
    when = when if isinstance(when, datetime) else None
    if kind in ATTEMPT_STARTS:
        step.tries.append(Try(started=when))
    elif kind in ATTEMPT_FAILS:
        if not step.tries or step.tries[-1].error is not None:
            step.tries.append(Try(started=when))  # a failure with no start event of its own
        last = step.tries[-1]
        last.failed, last.error = when, str(details.get("error") or kind)
        cause = details.get("cause")
        last.cause = cause if isinstance(cause, str) else None


def _failed(step: Step) -> bool:
    """The visit's last event before it exited was a failure (not one Retry got past)."""
    last = next((e for e in reversed(step.events) if not e.endswith("StateExited")), "")
    return last.endswith(("Failed", "TimedOut", "Aborted"))


def timeline(events: list[dict[str, Any]], definition: Any = None) -> Timeline:
    """The history read state by state. With the execution's `definition`, a state that
    exited to one of its Catch targets (and nowhere its Next, Default or Choices lead) is
    "caught", even where the target writes no failure event for it (an emulator's Parallel)."""
    steps: list[Step] = []
    open_steps: dict[str, Step] = {}
    result = Timeline([], "RUNNING")
    current: Step | None = None
    for event in sorted(events, key=_id):
        kind = str(event.get("type", ""))
        details = _details(event)
        if kind == "ExecutionStarted":
            result.input = details.get("input")
        elif kind.endswith("StateEntered"):
            current = Step(str(details.get("name")), kind.removesuffix("StateEntered"),
                           input=details.get("input"), entered=_id(event))
            steps.append(current)
            open_steps[current.name] = current
        elif kind.endswith("StateExited"):
            step = open_steps.pop(str(details.get("name")), None) or current
            if step is not None:
                step.output = details.get("output")
                step.events.append(kind)
                step.status = "caught" if step.error and _failed(step) else "succeeded"
        elif kind in END_EVENTS:
            result.status = END_EVENTS[kind]
            result.output = details.get("output", result.output)
            result.error = details.get("error", result.error)
            result.cause = details.get("cause", result.cause)
        elif current is not None:
            if kind in ("ParallelStateFailed", "MapStateFailed", "MapRunFailed"):
                # Written after the branches' events: it is the open Parallel's (or Map's).
                owner = kind.removesuffix("StateFailed").removesuffix("RunFailed")
                current = next((s for s in reversed(list(open_steps.values()))
                                if s.kind == owner), current)
            current.events.append(kind)
            if kind == "TaskScheduled":
                current.attempts += 1
            _track_try(current, kind, details, event.get("timestamp"))
            if kind.endswith("Failed") or kind.endswith("TimedOut"):
                current.error = details.get("error") or kind
                current.cause = details.get("cause")
    if result.status not in ("RUNNING", "SUCCEEDED"):
        for step in open_steps.values():
            step.status = "failed"
            step.error = step.error or result.error
            step.cause = step.cause or result.cause
    result.steps = steps
    if definition is not None:
        _mark_caught(steps, definition)
    return result


def _states_by_name(definition: Any) -> dict[str, tuple[dict[str, Any], int]]:
    """Every state of the definition, nested ones too: name -> (state, which scope)."""
    found: dict[str, tuple[dict[str, Any], int]] = {}
    todo, scope_id = [definition], 0
    while todo:
        scope = todo.pop()
        scope_id += 1
        states = scope.get("States") if isinstance(scope, dict) else None
        if not isinstance(states, dict):
            continue
        for name, state in states.items():
            if isinstance(state, dict):
                found.setdefault(name, (state, scope_id))
                todo.extend(sub for _, sub in nested_scopes(state))
    return found


def after_input(steps: list[Step], i: int, name: str) -> str | None:
    """What the Catch handed on: the input of the state it went to."""
    return next((s.input for s in steps[i + 1:] if s.name == name), None)


def _mark_caught(steps: list[Step], definition: Any) -> None:
    """A visit whose next state in its own scope is one of its Catch targets was caught."""
    states = _states_by_name(definition)
    for i, step in enumerate(steps):
        # A visit with an error that did not exit (no StateExited event: "running", or
        # "failed" once the execution failed later on) was caught if its Catch's state is next.
        open_failed = step.status in ("running", "failed") and step.error is not None
        if step.name not in states or not (open_failed or step.status in ("succeeded",
                                                                          "caught")):
            continue
        state, scope = states[step.name]
        after = next((s.name for s in steps[i + 1:]
                      if s.name in states and states[s.name][1] == scope), None)
        if after is None:
            continue
        outs = transitions(state)
        normal = {target for label, target in outs if not label.startswith("Catch ")}
        catch = next((label for label, target in outs
                      if target == after and label.startswith("Catch ")), None)
        if catch is None or (after in normal and not step.error):
            continue
        if open_failed and step.output is None:
            step.output = after_input(steps, i, after)
        step.status = "caught"
        step.caught_by, step.caught_to = catch, after


def pretty(payload: str | None) -> str:
    """JSON payloads indented for reading; anything else (or JSON nested too deep to walk
    safely) as it came."""
    if payload is None:
        return "—"
    try:
        return json.dumps(parse_json(payload), indent=2)
    except ValueError:
        return payload
