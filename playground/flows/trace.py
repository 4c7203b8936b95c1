"""Trace one message through the flow map (issue #14 part 2), headless.

    trace = Trace(target, "rule orders-rule", {"amount": 42})
    for hop in trace:          # each hop as it is observed (blocking: run it in a thread)
        print(hop.at, hop.title, hop.what)
    print(trace.summary)       # where it went, where it stopped and why

The trace sends one event or message with a trace id in it (`traceId` in the payload) at the
entry node, then follows the map: for each hop the map predicts it opens a Watch and polls the
target until it sees the message there. Rules and filter policies are checked here with
playground.patterns (their explanation goes on the hop); queues are peeked without receiving
where the target can (the embedded emulator), executions read from their history, streams read
from where their shards were when the trace started. Elsewhere queues are counted unless the
caller passes `allow_receive` (a receive with a zero visibility timeout: each look counts as a
receive). `cancel()` (or the `stop` event) ends it; 30 s without a new hop ends it with what it
was waiting on. Nothing here raises for what the target answers: refusals become hops.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from playground.flows.hops import (
    ENTRY_KINDS,
    TRACE_KEY,
    Hop,
    HopStatus,
    Outcome,
    Summary,
    TraceError,
    Watch,
    find_entry,
)
from playground.flows.model import Edge, FlowMap, Node
from playground.flows.trace_watch import Observers, node_title

if TYPE_CHECKING:
    from playground.targets.base import Target

QUIET_S = 30.0
"""A trace that sees nothing new for this long ends, naming what it was waiting on."""
POLL_S = 0.1
"""Between two rounds of looks (the pacer spaces them further on a real account)."""


SEND_FAILED = "could not send"


def new_trace_id() -> str:
    return f"trace-{uuid.uuid4().hex[:12]}"


class Trace:
    """One trace. Iterate it (once) for its hops; `summary` is set when the iteration ends."""

    def __init__(self, target: Target, entry: str, payload: dict[str, Any] | None = None, *,
                 flows: FlowMap | None = None, trace_id: str | None = None,
                 allow_receive: bool = False, quiet_s: float = QUIET_S, poll_s: float = POLL_S,
                 linger_s: float = 0.0,
                 stop: threading.Event | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.target = target
        self.entry_name = entry
        self.payload = dict(payload or {})
        self.flows = flows
        self.trace_id = trace_id or new_trace_id()
        self.allow_receive = allow_receive
        self.quiet_s, self.poll_s, self.linger_s = quiet_s, poll_s, linger_s
        """linger_s: once every expected hop is in, how long to keep watching for what may
        still happen (a dead-letter queue after failed receives)."""
        self.stop = stop or threading.Event()
        self.clock = clock
        self.summary: Summary | None = None
        self.hops: list[Hop] = []
        self.watches: list[Watch] = []
        self.start = 0.0
        self._observers: Observers | None = None

    # --- the public API -------------------------------------------------------------------
    def cancel(self) -> None:
        self.stop.set()

    def entry(self) -> Node:
        """The entry node (reads the map if the trace was not given one); TraceError if the
        map has no such entry."""
        if self.flows is None:
            from playground.flows.reader import read_flows

            self.flows = read_flows(self.target)
        return find_entry(self.flows, self.entry_name)

    def observability(self) -> list[str]:
        """What this target lets the trace see, in words (before it starts)."""
        label = self.target.label
        if self.target.supports_peek:
            queues = "queues: peeked without receiving (nothing is taken from them)"
        elif self.allow_receive:
            queues = ("queues: received with a zero visibility timeout (the messages stay, "
                      "but each look counts as a receive; queues with a dead-letter queue are "
                      "only counted)")
        else:
            queues = (f"queues: only counted ({label} cannot show a message without receiving "
                      "it; allow receiving to read them)")
        return [queues, "executions: read from their history",
                "streams: read from where each shard was when the trace started",
                "rules and filter policies: checked here against the message, with the reason"]

    def run(self, on_hop: Callable[[Hop], None] | None = None) -> Summary:
        """Trace to the end, calling `on_hop` for each hop; the summary."""
        for hop in self:
            if on_hop is not None:
                on_hop(hop)
        assert self.summary is not None
        return self.summary

    def __iter__(self) -> Iterator[Hop]:
        try:
            node = self.entry()
        except TraceError:
            raise
        except Exception as exc:  # the map could not be read at all: a summary, not a crash
            self.summary = self._summarize("failed", f"could not read the wiring: {exc}")
            return
        flows = self.flows
        assert flows is not None
        obs = self._observers = Observers(self, flows)
        obs.prepare(node)
        self.start = self.clock()
        yield from self._drain(obs.send(node))
        failed = next((h for h in self.hops if h.what == SEND_FAILED), None)
        if failed is not None:
            self.summary = self._summarize("failed", f"could not send: {failed.explanation}")
            return
        last = self.clock()
        while True:
            if self.stop.is_set():
                self.summary = self._summarize("stopped", "stopped before the end")
                return
            new = list(self._drain(obs.poll()))
            yield from new
            now = self.clock()
            if new:
                last = now
            if not self._open() and not (self._optional() and now - last < self.linger_s):
                self.summary = self._summarize("complete", "every hop the map predicts was "
                                                           "observed or ruled out")
                return
            if now - last >= self.quiet_s:
                waiting = "; ".join(w.waiting for w in self._open())
                self.summary = self._summarize(
                    "quiet", f"nothing new for {self.quiet_s:g} s: waiting on {waiting}")
                return
            self.stop.wait(self.poll_s)

    # --- what the observers call ------------------------------------------------------------
    def hop(self, node: str, what: str, status: HopStatus, *, payload: str | None = None,
            before: str | None = None, explanation: str = "", via: Edge | None = None,
            happened: float | None = None) -> Hop:
        observed = self.clock()
        if happened is not None and self.start - 2.0 <= happened <= observed + 1.0:
            at = max(0.0, min(happened, observed) - self.start)
        else:
            at = max(0.0, observed - self.start)
        hop = Hop(len(self.hops) + 1, at, node, node_title(self.flows, node), what, status,
                  payload, before, explanation, via, happened, observed)
        self.hops.append(hop)
        return hop

    def watch(self, watch: Watch) -> None:
        if watch not in self.watches:
            self.watches.append(watch)

    def done(self, watch: Watch) -> None:
        if watch in self.watches:
            self.watches.remove(watch)

    def _open(self) -> list[Watch]:
        return [w for w in self.watches if w.required]

    def _optional(self) -> list[Watch]:
        return [w for w in self.watches if not w.required]

    def _drain(self, hops: Iterator[Hop]) -> Iterator[Hop]:
        """Hops in the order they happened within one round of looks."""
        try:
            batch = list(hops)
        except Exception as exc:  # a round that broke must not end the app
            batch = [self.hop(self.entry_name, "could not look", "note",
                              explanation=f"{type(exc).__name__}: {exc}")]
        yield from sorted(batch, key=lambda h: (h.at, h.seq))

    def _summarize(self, outcome: Outcome, reason: str) -> Summary:
        from playground.flows.trace_text import summarize

        return summarize(self, outcome, reason)


def trace_once(target: Target, entry: str, payload: dict[str, Any] | None = None,
               on_hop: Callable[[Hop], None] | None = None, **options: Any) -> Summary:
    """Trace and wait for the end: what a lab check or a script calls."""
    return Trace(target, entry, payload, **options).run(on_hop)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


__all__ = ["ENTRY_KINDS", "TRACE_KEY", "Hop", "Summary", "Trace", "TraceError", "trace_once"]
