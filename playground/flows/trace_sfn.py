"""A trace inside Step Functions: an execution followed through its history, state by state
(each state's input and output), and what each Task state calls opened as the next hop."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from playground.flows.hops import Hop, Watch
from playground.flows.model import Edge, FlowMap
from playground.flows.trace_events import example_event
from playground.flows.trace_watch import dumps, epoch, node_title
from playground.patterns.json_input import parse_json

if TYPE_CHECKING:
    from playground.flows.trace_watch import Observers


class Execution:
    """An execution the trace follows through its history, state by state."""

    def __init__(self, arn: str, machine: str) -> None:
        self.arn = arn
        self.machine = machine
        self.name = arn.rsplit(":", 1)[-1]
        self.last_id = 0
        self.ended = False
        self.inputs: dict[str, str | None] = {}
        self.last_output: str | None = None
        self.called: set[str] = set()
        self.entered: set[str] = set()
        self.current: str = ""
        self.waiting_token = False
        self._watch: Watch | None = None

    def watch(self, flows: FlowMap) -> Watch:
        what = f"execution {self.name} of {node_title(flows, self.machine)} to end"
        if self.current:
            what += f" (now in state {self.current}" + (
                ", waiting for a task token: SendTaskSuccess or SendTaskFailure)"
                if self.waiting_token else ")")
        self._watch = Watch(self.machine, what, role="execution")
        return self._watch

    def follow(self, obs: Observers) -> Iterator[Hop]:
        t = obs.trace
        events = [e for e in obs._sfn().history(self.arn) if int(e.get("id", 0)) > self.last_id]
        for event in sorted(events, key=lambda e: int(e.get("id", 0))):
            self.last_id = max(self.last_id, int(event.get("id", 0)))
            kind = str(event.get("type", ""))
            details = next((v for k, v in event.items()
                            if k.endswith("EventDetails") and isinstance(v, dict)), {})
            when = epoch(event.get("timestamp"))
            obs.cause = when
            if kind.endswith("StateEntered"):
                name = str(details.get("name", ""))
                self.current, self.waiting_token = name, False
                self.entered.add(name)
                self.called.discard(name)  # a new visit calls again
                self.inputs[name] = details.get("input")
                yield t.hop(self.machine, f"state {name} entered", "reached",
                            payload=details.get("input"), before=self.last_output, happened=when)
            elif kind.endswith("StateExited"):
                name = str(details.get("name", ""))
                self.last_output = details.get("output")
                yield t.hop(self.machine, f"state {name} exited", "reached",
                            payload=self.last_output, before=self.inputs.get(name),
                            happened=when)
                yield from self._calls(obs, name, None)
                if kind.startswith(("Parallel", "Map")):
                    yield from self._inner_calls(obs, name)
            elif kind in ("TaskScheduled", "TaskSubmitted"):
                resource = str(details.get("resource", ""))
                self.waiting_token = resource.endswith(".waitForTaskToken")
                params = details.get("parameters")
                yield from self._calls(obs, self.current,
                                       params if isinstance(params, str) else None)
            elif kind.endswith(("Failed", "TimedOut", "Aborted")) and not kind.startswith(
                    "Execution"):
                yield t.hop(self.machine, f"{kind} in state {self.current}", "stopped",
                            happened=when, explanation=f"{details.get('error', '')}: "
                            f"{details.get('cause', '')}".strip(": "))
            elif kind.startswith("Execution") and kind != "ExecutionStarted":
                self.ended = True
                ok = kind == "ExecutionSucceeded"
                yield t.hop(self.machine, f"execution {self.name} "
                            f"{kind.removeprefix('Execution').lower()}",
                            "reached" if ok else "stopped", payload=details.get("output"),
                            before=self.last_output, happened=when,
                            explanation="" if ok else f"{details.get('error', '')}: "
                            f"{details.get('cause', '')}".strip(": "))
        if self._watch is not None:
            t.done(self._watch)
            self._watch = None
        if not self.ended:
            t.watch(self.watch(obs.flows))

    def _calls(self, obs: Observers, state: str, params: str | None) -> Iterator[Hop]:
        """What `state` calls, once per visit: a Watch (or hops) at each resource it calls."""
        if state in self.called:
            return
        self.called.add(state)
        for edge in obs.flows.outgoing(self.machine):
            if edge.kind == "calls" and _state_of(edge, state):
                sent = _message_of(params)
                # Without the parameters (the emulator's history has none) the message may not
                # hold the trace id: the first new message there is taken as it
                yield from obs.arrive(edge.target, payload=sent, via=edge,
                                      before=self.inputs.get(state),
                                      match_any=sent is None or obs.tid not in sent)


    def _inner_calls(self, obs: Observers, state: str) -> Iterator[Hop]:
        """What the states inside a Parallel or Map call, when the history showed none of
        them (the embedded emulator writes no events inside): watched for, not waited on."""
        inner = [e for e in obs.flows.outgoing(self.machine) if e.kind == "calls"
                 and e.detail.startswith(f"state {state} > ")
                 and e.detail.rsplit(" > ", 1)[-1] not in self.entered]
        if not inner:
            return
        t = obs.trace
        t.linger_s = max(t.linger_s, INNER_LINGER_S)
        yield t.hop(self.machine, f"inside state {state}: not in the history", "note",
                    happened=obs.cause, explanation="this target writes no history events "
                    "inside a Parallel or Map: what its states call is watched for, but the "
                    "trace does not wait for it")
        for edge in inner:
            yield from obs.arrive(edge.target, payload=None, via=edge,
                                  before=self.inputs.get(state), match_any=True, required=False)


INNER_LINGER_S = 3.0
"""How long a trace keeps looking for what a Parallel's or Map's states called, unseen."""


def _state_of(edge: Edge, state: str) -> bool:
    path = edge.detail.removeprefix("state ")
    return path == state or path.endswith(f" > {state}")


def _message_of(params: str | None) -> str | None:
    """What a Task's resolved parameters send (MessageBody, Message, Detail), where the
    history has them (AWS does; the embedded emulator does not)."""
    if not params:
        return None
    try:
        value = parse_json(params)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    for key in ("MessageBody", "Message", "Data"):
        if key in value:
            found = value[key]
            return found if isinstance(found, str) else dumps(found)
    entries = value.get("Entries")
    if isinstance(entries, list) and entries and isinstance(entries[0], dict):
        return dumps(example_event(entries[0]))
    return None
