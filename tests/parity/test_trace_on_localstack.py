"""A trace on real LocalStack: it cannot peek, so queues are counted (or received when
allowed); rules, filter policies and executions are followed as on the emulator."""

from __future__ import annotations

import json
import uuid

from playground.flows.trace import Trace
from playground.flows.trace_text import summary_lines
from tests.flows.trace_world import build_trace_world


def test_an_order_event_traced_on_localstack(localstack) -> None:  # type: ignore[no-untyped-def]
    p = f"pg-trace-{uuid.uuid4().hex[:6]}-"
    build_trace_world(localstack, prefix=p)
    counted = Trace(localstack, f"rule {p}orders-rule", {"order": 1}, quiet_s=30)
    assert counted.observability()[0].startswith("queues: only counted (LocalStack")
    summary = counted.run()
    assert summary.outcome == "complete", summary_lines(summary)
    got = {(h.title.removeprefix(p).replace(p, ""), h.what.split()[0], h.status)
           for h in counted.hops}
    assert ("rule orders-rule (bus shop)", "rule", "reached") in got
    assert ("queue refunds", "filtered", "stopped") in got
    assert ("queue audit", "1", "reached") in got  # 1 message(s) now (counted, not read)
    assert any(h.what.startswith("state Bill exited") for h in counted.hops)
    # allowed to receive: the message itself, left in the queue (a receive with visibility 0)
    received = Trace(localstack, f"rule {p}orders-rule", {"order": 2}, quiet_s=30,
                     allow_receive=True)
    summary = received.run()
    assert summary.outcome == "complete", summary_lines(summary)
    audit = next(h for h in received.hops if h.title == f"queue {p}audit")
    assert audit.what == "received"
    assert json.loads(audit.payload or "")["detail"]["order"] == 2
