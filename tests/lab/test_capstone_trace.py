"""The capstone solved on the emulator, then one order traced through it: every hop observed
with its time, in order, across the five services, the person's approval answered while the
trace waits, and the summary naming where the order went."""

from __future__ import annotations

import json
import threading
from typing import Any

from playground.flows.hops import Hop
from playground.flows.trace import Trace
from playground.lab.actions.stepfunctions import answer_task_token
from playground.lab.engine import LabSession
from tests.lab.conftest import shipped_labs

LAB = "capstone-order-pipeline"


def first(hops: list[Hop], title: str, what: str) -> int:
    return next(i for i, h in enumerate(hops) if h.title == title and h.what.startswith(what))


def test_one_order_traced_through_the_solved_capstone(target: Any) -> None:
    session = LabSession(next(lab for lab in shipped_labs() if lab.id == LAB), target)
    session.solve_through()
    p = session.variables["prefix"]
    answered: list[str] = []
    approver: list[threading.Thread] = []

    def approve_when_asked(hop: Hop) -> None:
        # The person: once the request is in the approvals queue (and the trace has seen it
        # there), answer its token, in a thread, as the trace goes on watching meanwhile.
        if hop.title == f"queue {p}approvals" and not answered:
            answered.append("asked")
            approver.append(threading.Thread(target=lambda: answered.append(answer_task_token(
                session.action_context, f"{p}orders", f"{p}approvals",
                output={"approved": True, "by": "trace test"})), daemon=True))
            approver[0].start()

    trace = Trace(target, f"rule {p}order-placed", {"id": "o-300", "total": 25}, quiet_s=20)
    summary = trace.run(approve_when_asked)
    hops = trace.hops
    assert summary.outcome == "complete", [summary.reason, *(f"{h.title}: {h.what}" for h in hops)]
    # The approver says what it did once its calls return: the trace can end before that.
    approver[0].join(timeout=60)
    assert answered[-1].startswith("approved") and answered[-1].endswith("SUCCEEDED")

    flow = f"state machine {p}orders (STANDARD)"
    chain = [(f"event bus {p}shop", "event put"),
             (f"rule {p}order-placed (bus {p}shop)", "rule matched"),
             (flow, "execution "), (flow, "state Validate entered"),
             (flow, "state LogPlaced entered"), (flow, "state PayAndReserve entered"),
             (flow, "state Approve entered"), (flow, "state Approve exited"),
             (flow, "state Approved entered"), (flow, "state Announce entered"),
             (flow, "state LogOutcome entered")]
    at = [first(hops, *step) for step in chain]
    assert at == sorted(at)
    # Each service's hop is there, after what caused it.
    record = [i for i, h in enumerate(hops) if h.title == f"stream {p}order-log"]
    assert len(record) == 2  # LogPlaced, then LogOutcome: one order's records on its shard
    assert {hops[i].what.split("(")[1] for i in record} == {hops[record[0]].what.split("(")[1]}
    for title in (f"queue {p}billing", f"queue {p}shipping"):
        assert first(hops, title, "received") > first(hops, flow, "state Announce entered")
    billing = hops[first(hops, f"queue {p}billing", "received")]
    body = json.loads(billing.payload or "{}")
    assert body["id"] == "o-300" and body["outcome"] == "approved"
    assert body["traceId"] == trace.trace_id
    assert first(hops, f"queue {p}approvals", "received") > first(hops, flow,
                                                                 "state Approve entered")
    # Every hop has its time since the start.
    assert all(h.at >= 0 for h in hops)
    # The summary names where it went: all five services.
    assert {f"event bus {p}shop", f"rule {p}order-placed (bus {p}shop)", flow,
            f"stream {p}order-log", f"queue {p}approvals", f"topic {p}order-events",
            f"queue {p}billing", f"queue {p}shipping"} <= set(summary.reached)
    assert summary.waiting == []
