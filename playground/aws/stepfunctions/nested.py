"""Map iterations and Parallel branches read out of an execution history.

AWS writes the states inside a Map or Parallel into the same history, interleaved; what ties
an event to its iteration or branch is `previousEventId`: a branch's first event points at its
ParallelStateStarted, an iteration's inner events follow its MapIterationStarted
(https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html).
Each event is put in a lane (the top level, or one iteration or branch inside it), and each
lane read as a timeline of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground.aws.stepfunctions.graph import find_state
from playground.aws.stepfunctions.history import Timeline, _details, _id, timeline

Lane = tuple[int, ...]
"""Ids of the events that opened each level: () is the top level, (4,) the run opened by event
4 (a MapIterationStarted or a branch's first event), (4, 9) a run inside that one."""

CLOSING = {"MapStateSucceeded", "MapStateFailed", "MapStateAborted",
           "ParallelStateSucceeded", "ParallelStateFailed", "ParallelStateAborted"}
EXITED = {"MapStateExited", "ParallelStateExited"}
STARTED = {"MapStateStarted", "ParallelStateStarted"}
ITERATION_END = {"MapIterationSucceeded": "succeeded", "MapIterationFailed": "failed",
                 "MapIterationAborted": "aborted"}


@dataclass
class Run:
    """One Map iteration or Parallel branch of one visit, read as a timeline of its own."""

    label: str
    """"iteration 0", "branch 2 (starts at Right)"."""
    status: str
    """succeeded, failed, aborted (stopped before the end), or running."""
    timeline: Timeline
    index: int = 0


@dataclass
class _Container:
    """A Map or Parallel attempt: its *StateStarted event, in `lane`, for the visit `visit`."""

    started: int
    kind: str
    lane: Lane
    visit: int
    outcome: str | None = None
    runs: list[Lane] = field(default_factory=list)


@dataclass
class Nested:
    top: Timeline
    """The execution's own states (none from inside a Map or Parallel)."""
    runs: dict[int, list[Run]]
    """A Map or Parallel visit's runs, keyed by the visit's *StateEntered event id."""
    has_nested: bool
    """The history has events from inside a Map or Parallel (some targets write none)."""

    def runs_of(self, entered: int) -> list[Run]:
        return self.runs.get(entered, [])


def lanes(events: list[dict[str, Any]]) -> tuple[dict[int, Lane], dict[int, _Container],
                                                  dict[Lane, int]]:
    """Each event's lane; the containers (by their Started event id); which container each
    run lane belongs to."""
    lane: dict[int, Lane] = {}
    kind_of: dict[int, str] = {}
    containers: dict[int, _Container] = {}
    owner: dict[Lane, int] = {}
    last_visit: dict[Lane, int] = {}
    branch_opened: dict[int, Lane] = {}

    def pop(inner: Lane, kind: str) -> tuple[Lane, _Container | None]:
        """The lane a closing event of a `kind` container belongs to, from where its previous
        event was: one level up when that was inside a run of such a container."""
        box = containers.get(owner.get(inner, -1))
        if box is not None and box.kind == kind:
            return box.lane, box
        return inner, None

    for event in sorted(events, key=_id):
        eid, kind = _id(event), str(event.get("type", ""))
        prev = event.get("previousEventId")
        prev = prev if isinstance(prev, int) and prev in lane else None
        here: Lane = lane[prev] if prev is not None else ()
        prev_kind = kind_of.get(prev, "") if prev is not None else ""
        if kind == "MapIterationStarted":
            box = containers.get(prev) if prev is not None else None
            if box is None:  # not after its MapStateStarted: the last open Map of this lane
                box = next((c for c in reversed(containers.values())
                            if c.kind == "Map" and c.outcome is None), None)
            if box is not None:
                here = (*box.lane, eid)
                owner[here] = box.started
                box.runs.append(here)
        elif prev is not None and prev_kind == "ParallelStateStarted" and \
                containers.get(prev) is not None:
            box = containers[prev]
            here = (*box.lane, eid)  # a branch opens with its first event
            owner[here] = prev
            box.runs.append(here)
            branch_opened[eid] = here
        elif kind in STARTED:
            mine = kind.removesuffix("StateStarted")
            if prev_kind not in (f"{mine}StateEntered",):
                # A Retry's second attempt points into the first attempt's runs.
                here, old = pop(here, mine)
                if old is not None and old.outcome is None:
                    old.outcome = "retried"
        elif kind in CLOSING:
            mine = kind.removesuffix("StateSucceeded").removesuffix("StateFailed") \
                .removesuffix("StateAborted")
            here, box = pop(here, mine)
            if box is None:  # written after its Started with nothing in between
                box = next((c for c in reversed(containers.values())
                            if c.kind == mine and c.lane == here and c.outcome is None), None)
            if box is not None and box.outcome in (None, "retried"):
                box.outcome = kind.removeprefix(mine + "State").lower()
        elif kind in EXITED and prev_kind not in CLOSING:
            here, _ = pop(here, kind.removesuffix("StateExited"))
        lane[eid], kind_of[eid] = here, kind
        if kind in ("MapStateEntered", "ParallelStateEntered"):
            last_visit[here] = eid
        if kind in STARTED:
            containers[eid] = _Container(eid, kind.removesuffix("StateStarted"), here,
                                         last_visit.get(here, 0))
    return lane, containers, owner


def _branch_index(definition_state: Any, first_state: str | None, order: int) -> int:
    branches = definition_state.get("Branches") if isinstance(definition_state, dict) else None
    if isinstance(branches, list):
        for i, branch in enumerate(branches):
            if isinstance(branch, dict) and branch.get("StartAt") == first_state:
                return i
    return order


def nested(events: list[dict[str, Any]], definition: Any = None) -> Nested:
    """The execution's own timeline, and each Map/Parallel visit's runs read one by one."""
    lane, containers, _owner = lanes(events)
    by_lane: dict[Lane, list[dict[str, Any]]] = {}
    for event in events:
        by_lane.setdefault(lane.get(_id(event), ()), []).append(event)
    top = timeline(by_lane.get((), []), definition)
    runs: dict[int, list[Run]] = {}
    attempts: dict[int, int] = {}
    for box in containers.values():
        attempts[box.visit] = attempts.get(box.visit, 0) + 1
        retried = sum(c.visit == box.visit for c in containers.values()) > 1
        prefix = f"attempt {attempts[box.visit]}, " if retried else ""
        visit_state = None
        for order, run_lane in enumerate(box.runs):
            inner = by_lane.get(run_lane, [])
            first = next((e for e in sorted(inner, key=_id)
                          if str(e.get("type", "")).endswith("StateEntered")), None)
            first_name = _details(first).get("name") if first else None
            opener = next((e for e in inner if _id(e) == run_lane[-1]), None)
            if box.kind == "Map":
                index = _details(opener).get("index", order) if opener else order
                index = index if isinstance(index, int) else order
                label = f"iteration {index}"
                ended = next((ITERATION_END[str(e.get("type"))] for e in inner
                              if e.get("type") in ITERATION_END), None)
            else:
                if visit_state is None:
                    visit_state = _visit_state(events, box.visit, definition)
                index = _branch_index(visit_state, first_name, order)
                label = f"branch {index + 1}" + (f" (starts at {first_name})"
                                                 if isinstance(first_name, str) else "")
                ended = _branch_end(box.outcome)
            status = ended or ("aborted" if box.outcome in ("failed", "aborted", "retried")
                               else "succeeded" if box.outcome == "succeeded" else "running")
            line = _run_timeline(inner, status, definition)
            if status == "aborted" and any(s.kind == "Fail" or s.error for s in line.steps
                                           if s.status == "failed"):
                status = "failed"  # the run whose failure stopped the others
            runs.setdefault(box.visit, []).append(
                Run(prefix + label, status, line, index + 100_000 * attempts[box.visit]))
    for found in runs.values():
        found.sort(key=lambda r: r.index)
    return Nested(top, runs, any(lane_ != () for lane_ in lane.values()))


def _branch_end(outcome: str | None) -> str | None:
    return "succeeded" if outcome == "succeeded" else None


def _visit_state(events: list[dict[str, Any]], visit: int, definition: Any) -> Any:
    entered = next((e for e in events if _id(e) == visit), None)
    name = _details(entered).get("name") if entered else None
    return find_state(definition, name) if isinstance(name, str) else None


def _run_timeline(inner: list[dict[str, Any]], status: str, definition: Any) -> Timeline:
    """A run read like an execution: a failed or stopped run fails its open states."""
    end = {"succeeded": "ExecutionSucceeded", "failed": "ExecutionFailed",
           "aborted": "ExecutionAborted"}.get(status)
    events = list(inner)
    if end:
        events.append({"id": 1 << 62, "type": end})
    line = timeline(events, definition)
    for step in line.steps:  # a Fail state's error is in the definition, not the history
        state = find_state(definition, step.name) if step.kind == "Fail" else None
        # (what stands there otherwise is the run's end event's name: MapIterationFailed)
        if isinstance(state, dict) and (step.error is None or (step.cause is None
                                        and str(step.error).endswith(("Failed", "Aborted")))):
            error, cause = state.get("Error"), state.get("Cause")
            step.error = error if isinstance(error, str) else None
            step.cause = cause if isinstance(cause, str) else None
    if status == "aborted":
        for step in line.steps:
            if step.status == "failed" and step.error is None and step.kind != "Fail":
                step.status = "running"  # stopped, not failed: it shows as not finished
                step.error = "stopped when its Map or Parallel ended"
    return line
