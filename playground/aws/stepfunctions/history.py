"""An execution's history read state by state: what each state got, gave, and how it ended."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from playground.patterns.json_input import parse_json

StepStatus = Literal["running", "succeeded", "failed", "caught"]


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


END_EVENTS = {"ExecutionSucceeded": "SUCCEEDED", "ExecutionFailed": "FAILED",
              "ExecutionTimedOut": "TIMED_OUT", "ExecutionAborted": "ABORTED"}


def _details(event: dict[str, Any]) -> dict[str, Any]:
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, dict):
            return value
    return {}


def timeline(events: list[dict[str, Any]]) -> Timeline:
    steps: list[Step] = []
    open_steps: dict[str, Step] = {}
    result = Timeline([], "RUNNING")
    current: Step | None = None
    for event in sorted(events, key=lambda e: int(e.get("id", 0))):
        kind = str(event.get("type", ""))
        details = _details(event)
        if kind == "ExecutionStarted":
            result.input = details.get("input")
        elif kind.endswith("StateEntered"):
            current = Step(str(details.get("name")), kind.removesuffix("StateEntered"),
                           input=details.get("input"))
            steps.append(current)
            open_steps[current.name] = current
        elif kind.endswith("StateExited"):
            step = open_steps.pop(str(details.get("name")), None) or current
            if step is not None:
                step.output = details.get("output")
                step.status = "caught" if step.error else "succeeded"
                step.events.append(kind)
        elif kind in END_EVENTS:
            result.status = END_EVENTS[kind]
            result.output = details.get("output", result.output)
            result.error = details.get("error", result.error)
            result.cause = details.get("cause", result.cause)
        elif current is not None:
            current.events.append(kind)
            if kind == "TaskScheduled":
                current.attempts += 1
            if kind.endswith("Failed") or kind.endswith("TimedOut"):
                current.error = details.get("error") or kind
                current.cause = details.get("cause")
    if result.status not in ("RUNNING", "SUCCEEDED"):
        for step in open_steps.values():
            step.status = "failed"
            step.error = step.error or result.error
            step.cause = step.cause or result.cause
    result.steps = steps
    return result


def pretty(payload: str | None) -> str:
    """JSON payloads indented for reading; anything else (or JSON nested too deep to walk
    safely) as it came."""
    if payload is None:
        return "—"
    try:
        return json.dumps(parse_json(payload), indent=2)
    except ValueError:
        return payload
