"""What a trace reports: hops (one observed step of the message), the summary, and how a trace
starts (the entry node, the payload with its trace id).

Headless (the `flows-headless` contract). `playground.flows.trace` produces these; the CLI and
the Flows screen print them through `playground.flows.trace_text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from playground.flows.model import Edge, FlowMap, Node

HopStatus = Literal["reached", "stopped", "note"]
"""reached: the message got there (lit on the map); stopped: it did not go on from there (a
rule that did not match, a filter policy, a failed state, a dead-letter queue); note: what the
trace cannot see (inside a function, an unknown target, a target that cannot peek)."""

TRACE_KEY = "traceId"
"""The key the trace id is written under in the payload (and the SQS/SNS message attribute)."""
ENTRY_KINDS = {("events", "event bus"): "PutEvents on the bus",
               ("events", "rule"): "PutEvents on the rule's bus, shaped to match its pattern",
               ("sns", "topic"): "Publish", ("sqs", "queue"): "SendMessage",
               ("stepfunctions", "state machine"): "StartExecution",
               ("kinesis", "stream"): "PutRecord"}
"""Where a trace can start, and the call that starts it."""


class TraceError(ValueError):
    """A trace that cannot start: an entry the map does not have, a payload that is not a JSON
    object. One line, for the user."""


@dataclass(frozen=True)
class Hop:
    """One step of the message, as the trace saw it."""

    seq: int
    at: float
    """Seconds since the trace sent the message: the target's own timestamp where it gives
    one (SentTimestamp, the history event's, ApproximateArrivalTimestamp), else when seen."""
    node: str
    """The ARN of the resource it happened at (a state belongs to its state machine)."""
    title: str
    """The resource in the user's words: `queue billing`, `rule orders-rule (bus shop)`."""
    what: str
    """What happened: `received`, `rule matched`, `filtered out`, `state Bill entered`…"""
    status: HopStatus
    payload: str | None = None
    """The message as it was here (None: not known here)."""
    before: str | None = None
    """The message one hop back, to show how it changed (None: this is where it started)."""
    explanation: str = ""
    """Why: the pattern or filter policy explained, the transformer, the envelope, the error."""
    via: Edge | None = None
    """The wire it came along, when the map has one."""
    happened: float | None = None
    """When it happened (epoch seconds), by the target's clock or the trace's own call."""
    observed: float = 0.0
    """When the trace saw it (epoch seconds)."""

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": round(self.at, 3), "node": self.node,
                "title": self.title, "what": self.what, "status": self.status,
                "payload": self.payload, "before": self.before,
                "explanation": self.explanation,
                "via": self.via.to_json() if self.via is not None else None}


Outcome = Literal["complete", "quiet", "stopped", "failed"]


@dataclass
class Summary:
    """Where the message went, where it stopped and why, what the trace was still waiting on."""

    trace_id: str
    entry: str
    outcome: Outcome
    reason: str
    reached: list[str] = field(default_factory=list)
    """Titles of the resources it reached, in the order it reached them."""
    stopped: list[str] = field(default_factory=list)
    """`queue refunds: filtered out (…)`, one line each."""
    waiting: list[str] = field(default_factory=list)
    """What the trace still expected when it ended (quiet, stopped)."""
    notes: list[str] = field(default_factory=list)
    hops: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"trace_id": self.trace_id, "entry": self.entry, "outcome": self.outcome,
                "reason": self.reason, "reached": self.reached, "stopped": self.stopped,
                "waiting": self.waiting, "notes": self.notes, "hops": self.hops}


@dataclass(frozen=True)
class Watch:
    """A hop the map predicts and the trace waits for."""

    node: str
    waiting: str
    """What it waits for, in words: `queue audit to receive the message`."""
    via: Edge | None = None
    before: str | None = None
    required: bool = True
    """False for what may well not happen (a dead-letter queue, a filtered subscriber whose
    message the trace cannot know): the trace ends without it."""
    match_any: bool = False
    """Match any new message, not only one holding the trace id (an input transformer or a
    state's parameters dropped it)."""
    role: str = "arrive"
    """arrive: the message is on its way there; execution: an execution to follow to its end."""


def entry_choices(flows: FlowMap) -> list[Node]:
    return [n for n in flows.sorted_nodes() if (n.service, n.label) in ENTRY_KINDS]


def find_entry(flows: FlowMap, name: str) -> Node:
    """The node `name` means: an ARN, a name, or `label name` (`queue billing`,
    `rule orders-rule`). TraceError when none or several match, naming the choices."""
    name = name.strip()
    choices = entry_choices(flows)
    if name in flows.nodes:
        node = flows.nodes[name]
        if (node.service, node.label) not in ENTRY_KINDS:
            raise TraceError(f"a trace cannot start at {node.title}: it starts at an event bus, "
                             "rule, topic, queue, state machine or stream")
        return node
    found = [n for n in choices if name in (n.name, f"{n.label} {n.name}")]
    if len(found) == 1:
        return found[0]
    if found:
        raise TraceError(f"{name!r} names {len(found)} resources: say which with its kind "
                         f"or ARN ({', '.join(n.title for n in found[:5])})")
    listed = ", ".join(f"{n.label} {n.name}" for n in choices[:8]) or "none in this region"
    raise TraceError(f"no event bus, rule, topic, queue, state machine or stream named "
                     f"{name!r} (entries: {listed})")


def parse_payload(text: str | None) -> dict[str, Any]:
    """The payload a user typed, as a JSON object (the trace id goes into it); TraceError
    with one line when it is not one."""
    from playground.patterns.json_input import check_json, parse_json, printable

    if text is None or not text.strip():
        return {}
    try:
        value = parse_json(text)
        check_json(value)
    except ValueError as exc:
        raise TraceError(f"the payload is not valid JSON: {printable(str(exc))[:200]}") from None
    if not isinstance(value, dict):
        raise TraceError("the payload must be a JSON object (the trace id is added to it as "
                         f'"{TRACE_KEY}")')
    return value
