"""The capstone on LocalStack, one order traced through it: the same hops in the same order
as on the emulator, with what LocalStack does not let the trace see said as such (queues with
a dead-letter queue are counted, not read)."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from playground.flows.hops import Hop
from playground.flows.trace import Trace
from playground.lab.actions.stepfunctions import answer_task_token
from playground.lab.engine import LabSession
from tests.lab.conftest import shipped_labs
from tests.lab.test_capstone_trace import first

LAB = "capstone-order-pipeline"


def test_one_order_traced_through_the_capstone_on_localstack(localstack: Any) -> None:
    session = LabSession(next(lab for lab in shipped_labs() if lab.id == LAB), localstack)
    session.solve_through(4)  # the wiring: queues, topic, stream, workflow, rule
    p = session.variables["prefix"]
    answered: list[str] = []

    def approve_when_asked(hop: Hop) -> None:
        if hop.title == f"queue {p}approvals" and not answered:
            answered.append("asked")
            threading.Thread(target=lambda: answered.append(answer_task_token(
                session.action_context, f"{p}orders", f"{p}approvals",
                output={"approved": True})), daemon=True).start()

    try:
        # LocalStack names the execution after the order id: a fresh one each run.
        order = f"o-{uuid.uuid4().hex[:8]}"
        trace = Trace(localstack, f"rule {p}order-placed", {"id": order, "total": 25},
                      allow_receive=True, quiet_s=25)
        summary = trace.run(approve_when_asked)
        hops = trace.hops
        assert summary.outcome == "complete", [summary.reason,
                                               *(f"{h.title}: {h.what}" for h in hops)]
        flow = f"state machine {p}orders (STANDARD)"
        chain = [(f"rule {p}order-placed (bus {p}shop)", "rule matched"),
                 (flow, "state Validate entered"), (flow, "state Approve entered"),
                 (flow, "state Approve exited"), (flow, "state Announce entered"),
                 (flow, "state LogOutcome entered")]
        at = [first(hops, *step) for step in chain]
        assert at == sorted(at)
        assert len([h for h in hops if h.title == f"stream {p}order-log"]) == 2
        # Billing and shipping have a dead-letter queue: counted, and said so.
        billing = hops[first(hops, f"queue {p}billing", "")]
        assert billing.payload is None and "count" in billing.what
        assert {f"topic {p}order-events", f"queue {p}billing", f"queue {p}shipping",
                f"stream {p}order-log"} <= set(summary.reached)
    finally:
        session.reset()
